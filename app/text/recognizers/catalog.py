"""The single place the recognizer classes are collected (name -> class), and the entity kinds they report."""
from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from .address import AddressRecognizer
from .contact_number import ContactNumberRecognizer
from .age import AgeOver89Recognizer
from .credentialed_person import CredentialPersonRecognizer
from .date import DateRecognizer
from .described_person import DescribedPersonRecognizer
from .email import EmailRecognizer
from .facility import FacilityRecognizer
from .field_value import FieldValueRecognizer
from .gazetteer_person import GazetteerPersonRecognizer
from .gazetteer_place import GazetteerPlaceRecognizer
from .header_person import HeaderPersonRecognizer
from .hl7_field import Hl7FieldRecognizer
from .identifier import IdentifierRecognizer
from .learned_name import LearnedNameRecognizer
from .letterhead import LetterheadRecognizer
from .name_line import NameLineRecognizer
from .note_signature import NoteSignatureRecognizer
from .organization import OrganizationRecognizer
from .person_verb import PersonVerbRecognizer
from .phone import PhoneRecognizer
from .place_shape import PlaceShapeRecognizer
from .sign_off import SignOffRecognizer
from .signature_person import SignaturePersonRecognizer
from .site_names import SiteNameRecognizer
from .ssn import SsnRecognizer
from .study_site import StudySiteRecognizer
from .table_column import TableColumnRecognizer
from .time import TimeRecognizer
from .titled_person import TitledPersonRecognizer
from .trauma_alias import TraumaAliasRecognizer
from .url import UrlRecognizer
from .ward import WardRecognizer
from .whereabouts import WhereaboutsRecognizer
from .zip_code import ZipCodeRecognizer

RECOGNIZERS: dict[str, type[EntityRecognizer]] = {
    cls.__name__: cls
    for cls in (
        TitledPersonRecognizer,
        CredentialPersonRecognizer,
        HeaderPersonRecognizer,
        SignaturePersonRecognizer,
        DescribedPersonRecognizer,
        PersonVerbRecognizer,
        GazetteerPersonRecognizer,
        FieldValueRecognizer,
        Hl7FieldRecognizer,
        TableColumnRecognizer,
        NameLineRecognizer,
        NoteSignatureRecognizer,
        SignOffRecognizer,
        TraumaAliasRecognizer,
        DateRecognizer,
        TimeRecognizer,
        IdentifierRecognizer,
        SsnRecognizer,
        PhoneRecognizer,
        ContactNumberRecognizer,
        EmailRecognizer,
        UrlRecognizer,
        AddressRecognizer,
        ZipCodeRecognizer,
        OrganizationRecognizer,
        GazetteerPlaceRecognizer,
        PlaceShapeRecognizer,
        FacilityRecognizer,
        LetterheadRecognizer,
        WhereaboutsRecognizer,
        StudySiteRecognizer,
        WardRecognizer,
        SiteNameRecognizer,
        AgeOver89Recognizer,
        LearnedNameRecognizer,
    )
}

# The entity kinds these recognizers report (the names downstream operators key on).
ENTITY_KINDS: tuple[str, ...] = (
    "PERSON", "DATE", "TIME", "ID", "PHONE", "EMAIL", "URL", "ADDRESS", "ZIP", "ORGANIZATION", "AGE",
)

__all__ = ["RECOGNIZERS", "ENTITY_KINDS", *RECOGNIZERS]
