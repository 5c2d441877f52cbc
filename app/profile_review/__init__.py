"""What IRB reviewers read about a profile: every attribute's action and why, the Safe Harbor checklist, a sample run.

Above the engines (it asks them what they do) and below the web pages that show it.
"""
