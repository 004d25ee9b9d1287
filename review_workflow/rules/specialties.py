"""The specialty vocabulary: one list of clinical specialties for reviewers and review policies.

A reviewer profile names one specialty and a health center's review policy may require some;
both draw on this list, so "cardiology" means the same thing on either side.
"""

from __future__ import annotations

SPECIALTIES: tuple[tuple[str, str], ...] = (
    ("general_practice", "General practice"),
    ("internal_medicine", "Internal medicine"),
    ("cardiology", "Cardiology"),
    ("dermatology", "Dermatology"),
    ("emergency_medicine", "Emergency medicine"),
    ("endocrinology", "Endocrinology"),
    ("neurology", "Neurology"),
    ("obstetrics_gynaecology", "Obstetrics and gynaecology"),
    ("oncology", "Oncology"),
    ("orthopaedics", "Orthopaedics"),
    ("paediatrics", "Paediatrics"),
    ("pain_medicine", "Pain medicine"),
    ("pharmacy", "Pharmacy"),
    ("physiotherapy", "Physiotherapy"),
    ("psychiatry", "Psychiatry"),
    ("rheumatology", "Rheumatology"),
)
SPECIALTY_LABELS = dict(SPECIALTIES)


def specialty_label(key: str) -> str:
    """The specialty's name as people read it ('cardiology' -> 'Cardiology')."""
    return SPECIALTY_LABELS.get(key, key)


def specialty_list(keys) -> str:
    """'Cardiology and Neurology': specialty names joined for a sentence."""
    names = [specialty_label(key) for key in keys]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
