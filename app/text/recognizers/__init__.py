"""Radiology PHI recognizers for presidio, one small class per module.

`catalog.RECOGNIZERS` is the single place the classes are collected (name -> class); which of them run,
and with which options, is data: `app/text/data/recognizers.yaml`, read by `app.text.registry`.
This file imports nothing, so the shared regex pieces beside them (`_calendar`, `_names`, ...) load without
presidio and every recognizer.
"""
