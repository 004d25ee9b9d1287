"""Synthetic treatment articles of realistic size and shape, for the benchmark.

Each body has the shape of a real treatment overview (factors, three tiers of options with
evidence notes and cited references, red-flag and tip callouts, prose sections, related
articles) and about 1,500 words. Text is assembled from phrase pools with a seeded random
generator, so the same template number always gives the same article.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass

from django.utils.text import slugify


@dataclass(frozen=True)
class CenterSpec:
    """A synthetic health center and the conditions its articles are about."""

    title: str
    slug: str
    intro: str
    conditions: tuple[str, ...]


CENTERS = (
    CenterSpec(
        "Back Pain",
        "back-pain",
        "How back and neck pain are treated, from self-care to surgery.",
        ("Low back pain", "Upper back pain", "Sciatica", "Neck pain", "Spinal stenosis"),
    ),
    CenterSpec(
        "Heart Health",
        "heart-health",
        "Treatments for common heart and circulation problems.",
        ("High blood pressure", "Angina", "Atrial fibrillation", "Heart failure"),
    ),
    CenterSpec(
        "Diabetes",
        "diabetes",
        "Living with and treating diabetes and its complications.",
        ("Type 2 diabetes", "Type 1 diabetes", "Diabetic neuropathy", "Prediabetes"),
    ),
    CenterSpec(
        "Arthritis",
        "arthritis",
        "Joint pain and arthritis: what helps and what the evidence says.",
        ("Knee osteoarthritis", "Hip osteoarthritis", "Rheumatoid arthritis", "Gout"),
    ),
    CenterSpec(
        "Mental Health",
        "mental-health",
        "Talking therapies, medicines and self-help for common mental health conditions.",
        ("Depression", "Generalised anxiety", "Panic disorder", "Insomnia"),
    ),
    CenterSpec(
        "Digestive Health",
        "digestive-health",
        "Treatments for stomach, bowel and liver conditions.",
        ("Acid reflux", "Irritable bowel syndrome", "Gallstones", "Constipation"),
    ),
    CenterSpec(
        "Lung Health",
        "lung-health",
        "Breathing problems and how they are treated.",
        ("Asthma", "COPD", "Chronic cough"),
    ),
    CenterSpec(
        "Skin Conditions",
        "skin-conditions",
        "Eczema, psoriasis, acne and other skin problems.",
        ("Eczema", "Psoriasis", "Acne", "Rosacea"),
    ),
)

ANGLES = (
    "treatment options",
    "treatment in adults",
    "treatment in older adults",
    "treatment overview",
    "managing it at home and with your doctor",
)

SELF_CARE = (
    "Staying active",
    "Heat or cold packs",
    "Over-the-counter medicines",
    "Rest in short spells",
    "Changes to your daily routine",
    "Gentle stretching",
    "Weight management",
    "Sleep habits",
)
NEXT_STEP = (
    "Physiotherapy",
    "Prescription medicines",
    "Cognitive behavioural therapy",
    "Supervised exercise programme",
    "Injections",
    "Specialist referral",
    "Medicines for long-lasting symptoms",
)
SURGICAL = (
    "Keyhole surgery",
    "Open surgery",
    "Decompression",
    "Joint replacement",
    "Nerve ablation",
)
SYMPTOMS = ("aching", "stiffness", "swelling", "tiredness", "discomfort", "flare-ups")
DURATIONS = ("a few days", "two to three weeks", "six weeks", "three months", "several months")

DESCRIPTION_SENTENCES = (
    "{option} can ease {symptom} for many people with {condition_lower}, and most notice a "
    "difference within {duration}.",
    "Your doctor or nurse will explain how {option_lower} fits with the rest of your plan and "
    "what to expect from it.",
    "It works best alongside staying as active as you comfortably can, rather than as a "
    "replacement for it.",
    "Some people find it helps straight away, while others need {duration} before the benefit "
    "becomes clear.",
    "Ask about side effects before you start, especially if you take other medicines or have "
    "kidney, liver or heart problems.",
    "If {symptom} does not improve after {duration}, see your doctor again to review whether "
    "to continue.",
    "It is usually offered after simpler measures have been tried for at least {duration}.",
    "Keeping a short diary of your {symptom} can help you and your doctor judge whether it is "
    "working.",
)
EVIDENCE_NOTES = (
    "Good-quality trials show a small to moderate benefit for {condition_lower}.",
    "Evidence is limited: a few small studies suggest a short-term benefit.",
    "Several systematic reviews found it works about as well as other first-line options.",
    "There is little evidence that it helps in the long term, but it is safe for most people.",
    "Studies disagree; it may help some groups of people more than others.",
)
PROSE_SENTENCES = (
    "Most people with {condition_lower} get better with simple measures, and only a small "
    "number ever need specialist treatment.",
    "It helps to agree goals with your doctor, such as returning to work, sleeping through "
    "the night or walking a certain distance.",
    "Recovery is rarely a straight line: good days and bad days are normal, and a bad day does "
    "not mean that treatment has failed.",
    "Bring a list of your medicines, including ones you buy without a prescription, to every "
    "appointment.",
    "Family members and carers can help by learning about {condition_lower} and by supporting "
    "your plan rather than doing everything for you.",
    "If you are worried about a treatment, ask what would happen if you waited, and what the "
    "chances of benefit and harm are for someone like you.",
    "Smoking, poor sleep and stress can all make {symptom} worse, and support to change them "
    "is available from your practice.",
    "Regular reviews let your doctor adjust the plan as your {symptom} changes over time.",
)
RED_FLAGS = (
    "Sudden severe {symptom} that is different from anything you have had before.",
    "Fever, chills or feeling very unwell.",
    "Numbness, weakness or tingling that is getting worse.",
    "Loss of control of your bladder or bowels.",
    "Unexplained weight loss or a history of cancer.",
    "Chest pain, shortness of breath or fainting.",
    "Symptoms after a fall, accident or injury.",
)
JOURNALS = (
    "Cochrane Database of Systematic Reviews",
    "BMJ",
    "The Lancet",
    "JAMA",
    "Annals of Internal Medicine",
    "New England Journal of Medicine",
)
AUTHORS = ("Okafor R", "Lindqvist S", "Moreau C", "Tanaka H", "Singh P", "Alvarez M", "Brown K")


@dataclass(frozen=True)
class ArticleTemplate:
    """One synthetic article body: raw StreamField data plus the fields that go with it."""

    number: int
    condition: str
    angle: str
    summary: str
    body: list[dict]
    references: list[dict]

    @property
    def title(self) -> str:
        return f"{self.condition}: {self.angle}"

    def slug(self, serial: int) -> str:
        return f"{slugify(self.condition)}-{slugify(self.angle)}-{serial}"

    def body_with_related(self, related_ids: list[int]) -> list[dict]:
        """The body with a 'Related articles' block linking to ``related_ids`` (if any)."""
        if not related_ids:
            return self.body
        related = {
            "type": "related_articles",
            "id": str(uuid.UUID(int=self.number * 1000 + 999)),
            "value": {"heading": "Related articles", "articles": list(related_ids)},
        }
        return [*self.body, related]


class _Writer:
    """Fills sentence patterns for one condition with a seeded random generator."""

    def __init__(self, condition: str, seed: int):
        self.condition = condition
        self.random = random.Random(seed)
        self.block_serial = 0

    def fill(self, pattern: str, **extra: str) -> str:
        option = extra.pop("option", "This treatment")
        return pattern.format(
            condition_lower=self.condition.lower(),
            symptom=self.random.choice(SYMPTOMS),
            duration=self.random.choice(DURATIONS),
            option=option,
            option_lower=option.lower(),
            **extra,
        )

    def sentences(self, pool: tuple[str, ...], count: int, **extra: str) -> str:
        return " ".join(self.fill(pattern, **extra) for pattern in self.random.sample(pool, count))

    def block_id(self, template_number: int) -> str:
        # Stable ids: the same template always renders to the same bytes (and fingerprint).
        self.block_serial += 1
        return str(uuid.UUID(int=template_number * 1000 + self.block_serial))


def _option(writer: _Writer, name: str, references: int) -> dict:
    cited = writer.random.sample(range(1, references + 1), writer.random.randint(0, 2))
    return {
        "name": name,
        "description": f"<p>{writer.sentences(DESCRIPTION_SENTENCES, 3, option=name)}</p>",
        "evidence_note": writer.fill(writer.random.choice(EVIDENCE_NOTES)),
        "reference_numbers": ", ".join(str(number) for number in sorted(cited)),
    }


def _tier(writer: _Writer, number: int, heading: str, names: tuple, references: int) -> dict:
    chosen = writer.random.sample(names, min(len(names), writer.random.randint(4, 5)))
    return {
        "type": "treatment_tier",
        "id": writer.block_id(number),
        "value": {
            "heading": heading,
            "intro": f"<p>{writer.sentences(PROSE_SENTENCES, 2)}</p>",
            "options": [_option(writer, name, references) for name in chosen],
            "closing_note": f"<p>{writer.sentences(PROSE_SENTENCES, 1)}</p>",
        },
    }


def _callout(writer: _Writer, number: int, kind: str, title: str, text: str) -> dict:
    return {
        "type": "callout",
        "id": writer.block_id(number),
        "value": {"kind": kind, "title": title, "text": text},
    }


def _section(writer: _Writer, number: int, heading: str) -> dict:
    paragraphs = "".join(f"<p>{writer.sentences(PROSE_SENTENCES, 3)}</p>" for _ in range(2))
    return {
        "type": "section",
        "id": writer.block_id(number),
        "value": {"heading": heading, "text": paragraphs},
    }


def _references(writer: _Writer, count: int) -> list[dict]:
    return [
        {
            "type": "reference",
            "id": str(uuid.UUID(int=900_000 + serial)),
            "value": {
                "text": f"{writer.random.choice(AUTHORS)}, et al. Treatments for "
                f"{writer.condition.lower()}: a systematic review. "
                f"{writer.random.choice(JOURNALS)}, {writer.random.randint(2005, 2025)}.",
                "url": "",
                "doi": f"10.{writer.random.randint(1000, 9999)}/bench.{serial}",
                "pubmed_id": str(writer.random.randint(10_000_000, 39_999_999)),
            },
        }
        for serial in range(1, count + 1)
    ]


def article_template(number: int, condition: str) -> ArticleTemplate:
    """The article body numbered ``number`` for ``condition`` (deterministic)."""
    writer = _Writer(condition, seed=number)
    reference_count = writer.random.randint(6, 9)
    red_flags = "".join(f"<li>{writer.fill(item)}</li>" for item in RED_FLAGS[:5])
    body = [
        {
            "type": "treatment_factors",
            "id": writer.block_id(number),
            "value": {
                "intro": "Your treatment plan depends on:",
                "factors": [
                    f"How severe your {condition.lower()} is and how long it has lasted.",
                    "How much it limits work, sleep and everyday activities.",
                    "What you have already tried and how well it helped.",
                    "Your age, general health and other medicines you take.",
                    "What matters most to you about treatment.",
                ],
            },
        },
        _section(writer, number, f"About {condition.lower()}"),
        _tier(
            writer, number, "Treatment for mild to moderate symptoms", SELF_CARE, reference_count
        ),
        _tier(writer, number, "If symptoms do not improve", NEXT_STEP, reference_count),
        _tier(writer, number, "Surgery and specialist procedures", SURGICAL, reference_count),
        _callout(
            writer,
            number,
            "red_flags",
            "When to see a doctor straight away",
            f"<p>Get medical help promptly if you have:</p><ul>{red_flags}</ul>",
        ),
        _section(writer, number, "Living with it day to day"),
        _callout(
            writer,
            number,
            "tip",
            "Getting the most from appointments",
            f"<p>{writer.sentences(PROSE_SENTENCES, 3)}</p>",
        ),
    ]
    angle = ANGLES[number % len(ANGLES)]
    summary = f"{condition} often improves with simple measures. " + writer.sentences(
        PROSE_SENTENCES, 2
    )
    return ArticleTemplate(
        number=number,
        condition=condition,
        angle=angle,
        summary=summary,
        body=body,
        references=_references(writer, reference_count),
    )


def templates_for(center: CenterSpec, per_condition: int) -> list[ArticleTemplate]:
    """``per_condition`` distinct bodies for each condition of a center."""
    return [
        article_template(number=hash_number(center.slug, condition, variant), condition=condition)
        for condition in center.conditions
        for variant in range(per_condition)
    ]


def hash_number(center_slug: str, condition: str, variant: int) -> int:
    """A stable small number for a (center, condition, variant), used as the template seed."""
    center_index = [spec.slug for spec in CENTERS].index(center_slug)
    condition_index = CENTERS[center_index].conditions.index(condition)
    return (center_index * 10 + condition_index) * 10 + variant + 1


def word_count(template: ArticleTemplate) -> int:
    """Rough reader-visible word count of a template (tags stripped), for the docs and tests."""
    import re

    text = " ".join(_strings(template.body)) + " " + template.summary
    return len(re.sub(r"<[^>]+>", " ", text).split())


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [
            s for key, item in value.items() if key not in {"id", "type"} for s in _strings(item)
        ]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []
