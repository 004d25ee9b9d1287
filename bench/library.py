"""A realistic library for the benchmark: text with the word frequencies of real English.

Every article is written afresh from two distributions mixed token by token: the 30,000 most
frequent words of English with their measured frequencies (the ``wordfreq`` package), and a
medical vocabulary whose terms follow a Zipf law of their own (a few, like "pain", in most
articles; most, like "sacroiliitis", in few). So, as in a real library, a common word is in
nearly every article and most words are in a handful, and what a search matches spreads over
four orders of magnitude instead of matching nearly everything.

An article has the seed article's shape and length (about 650 words): a lead paragraph, the
factors treatment depends on, an "about" section, three tiers of treatment options with
evidence notes and cited references, a red-flags callout, related articles and a source. The
generator writes the API's detail document (plus the ``import`` member), one JSON line per
article, which ``manage.py import_articles`` reads.

Searches are drawn the way readers search (``reader_queries``): one or two words, mostly
health terms weighted by how common they are, with a long tail of ordinary words.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from django.utils.text import slugify

from . import corpus

ENGLISH_WORDS = 30_000
# Share of tokens drawn from the medical vocabulary (the rest is general English).
MEDICAL_SHARE = 0.12
# Zipf exponent of the medical vocabulary's term frequencies.
MEDICAL_ZIPF = 1.0
RELATED_PER_CENTER = 3
SEED = 20261207
# Queries: share of one-word queries (the rest are two words), and of health-term words.
ONE_WORD_SHARE = 0.55
HEALTH_TERM_SHARE = 0.75
MIN_QUERY_WORD = 4
WORD = re.compile(r"^[a-z]+$")
STOP_WORDS = frozenset(
    "about after also been before both does each even from have into just many more most much "
    "only other over rather some such than that their them then there these they this those "
    "very were what when where which while will with within would your whether".split()
)

# Ordered from the most to the least common in health writing (the order sets the Zipf rank).
MEDICAL_TERMS = """
pain treatment doctor symptoms medicine health exercise blood surgery therapy infection
stress diet sleep weight heart muscle joint skin inflammation physiotherapy diabetes asthma
stiffness swelling fever injury nerve arthritis anxiety depression fatigue nausea headache
tablets ibuprofen paracetamol antibiotics steroids insulin vaccine dose prescription specialist
diagnosis chronic acute severe mild moderate relief recovery rehabilitation scan xray
cholesterol pressure spine back neck shoulder knee hip ankle wrist bone cartilage tendon
ligament disc vertebra sciatica stenosis osteoarthritis rheumatoid gout lupus psoriasis
eczema acne rosacea dermatitis allergy hayfever sinusitis bronchitis pneumonia copd cough
wheezing breathlessness inhaler nebuliser oxygen angina arrhythmia fibrillation palpitations
hypertension stroke embolism thrombosis anticoagulant warfarin statins aspirin beta blockers
diuretics nitrates pacemaker stent bypass angioplasty catheter reflux heartburn ulcer
gallstones constipation diarrhoea bloating colitis crohns coeliac hernia appendicitis
hepatitis cirrhosis kidney bladder prostate incontinence cystitis migraine epilepsy seizure
dementia parkinsons neuropathy tingling numbness sciatic insomnia apnoea panic phobia
counselling mindfulness antidepressants sertraline fluoxetine citalopram benzodiazepines
opioids codeine morphine tramadol gabapentin pregabalin amitriptyline naproxen diclofenac
cortisone injection acupuncture chiropractic osteopathy massage hydrotherapy orthotics brace
splint crutches laparoscopy arthroscopy arthroplasty discectomy laminectomy fusion
decompression ablation radiotherapy chemotherapy biopsy endoscopy colonoscopy ultrasound
mri electrocardiogram echocardiogram spirometry glucose metformin glycated retinopathy
nephropathy hypoglycaemia ketoacidosis thyroid hypothyroidism hyperthyroidism anaemia
iron vitamin calcium osteoporosis fracture sprain strain whiplash spondylosis spondylitis
scoliosis kyphosis fibromyalgia bursitis tendinitis epicondylitis carpal plantar fasciitis
sacroiliitis costochondritis pleurisy sarcoidosis bronchiectasis emphysema tuberculosis
""".split()

CONDITIONS = tuple(condition for center in corpus.CENTERS for condition in center.conditions)
ANGLES = (
    "treatment overview",
    "treatment options",
    "treatment in adults",
    "treatment in older adults",
    "what helps",
    "medicines",
    "self-care at home",
    "when surgery is needed",
)
TIER_HEADINGS = (
    "Treatment for mild to moderate symptoms",
    "If symptoms get worse",
    "Surgery and specialist procedures",
)
OPTION_WORDS = (
    "therapy",
    "medicines",
    "exercise",
    "injections",
    "surgery",
    "programme",
    "support",
    "treatment",
)
SOURCE = {
    "name": "Benchmark library",
    "attribution": "Written for the benchmark from real word frequencies.",
    "url": "",
}


@dataclass(frozen=True)
class Distribution:
    """Words with cumulative weights, for drawing many words at once (``random.choices``)."""

    words: tuple[str, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, weighted: list[tuple[str, float]]) -> Distribution:
        words = tuple(word for word, _ in weighted)
        return cls(words, tuple(itertools.accumulate(weight for _, weight in weighted)))

    def draw(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def weight(self, word: str) -> float:
        index = self.words.index(word)
        previous = self.cumulative[index - 1] if index else 0.0
        return self.cumulative[index] - previous


@cache
def english() -> Distribution:
    """The most frequent words of English with their frequencies (wordfreq's list)."""
    from wordfreq import top_n_list, word_frequency

    words = [w for w in top_n_list("en", ENGLISH_WORDS) if WORD.match(w)]
    return Distribution.of([(word, word_frequency(word, "en")) for word in words])


@cache
def medical() -> Distribution:
    """The medical vocabulary, term ``n`` (from 1) with weight 1/n^MEDICAL_ZIPF."""
    terms = list(dict.fromkeys(MEDICAL_TERMS))
    return Distribution.of([(t, 1 / (n**MEDICAL_ZIPF)) for n, t in enumerate(terms, start=1)])


class Writer:
    """Writes one article's text: sentences whose words come from the mixed distribution."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.english = english()
        self.medical = medical()

    def words(self, count: int) -> list[str]:
        medical_count = sum(1 for _ in range(count) if self.rng.random() < MEDICAL_SHARE)
        drawn = self.english.draw(self.rng, count - medical_count)
        drawn += self.medical.draw(self.rng, medical_count)
        self.rng.shuffle(drawn)
        return drawn

    def sentence(self, low: int = 8, high: int = 18) -> str:
        words = self.words(self.rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def sentences(self, count: int, low: int = 8, high: int = 18) -> str:
        return " ".join(self.sentence(low, high) for _ in range(count))

    def paragraph(self, count: int) -> str:
        return f"<p>{self.sentences(count)}</p>"

    def option_name(self) -> str:
        term = self.medical.draw(self.rng, 1)[0]
        return f"{term.capitalize()} {self.rng.choice(OPTION_WORDS)}"


@dataclass(frozen=True)
class PlannedArticle:
    """Where an article goes and what it is about: its serial, center and condition."""

    serial: int
    center: corpus.CenterSpec
    condition: str

    @property
    def title(self) -> str:
        return f"{self.condition}: {ANGLES[self.serial % len(ANGLES)]}"

    @property
    def slug(self) -> str:
        return f"{slugify(self.title)}-{self.serial}"

    @property
    def source_key(self) -> str:
        return f"bench-{self.serial}"


def article_document(
    planned: PlannedArticle,
    *,
    related: list[str],
    reviewer: str | None = None,
    signed_at: datetime | None = None,
) -> dict:
    """One article as the API's detail document, with the import member.

    ``related`` holds url paths (/center/slug/) of articles written earlier.
    """
    writer = Writer(seed=SEED * 1_000_003 + planned.serial)
    rng = writer.rng
    condition = planned.condition
    reference_count = rng.randint(4, 8)
    body = [
        {
            "type": "treatment_factors",
            "value": {
                "intro": "Treatment is based on:",
                "factors": [writer.sentence(6, 12) for _ in range(rng.randint(3, 5))],
            },
        },
        {
            "type": "section",
            "value": {"heading": f"About {condition.lower()}", "text": writer.paragraph(4)},
        },
        *(_tier(writer, heading, reference_count) for heading in TIER_HEADINGS),
        {
            "type": "callout",
            "value": {
                "kind": "red_flags",
                "title": "When to see your doctor",
                "text": "<p>Call your doctor if you have:</p><ul>"
                + "".join(f"<li>{writer.sentence(5, 10)}</li>" for _ in range(4))
                + "</ul>",
            },
        },
    ]
    if related:
        body.append(
            {
                "type": "related_articles",
                "value": {
                    "heading": "Related articles",
                    "articles": [{"url_path": path} for path in related],
                },
            }
        )
    document = {
        "title": planned.title,
        "slug": planned.slug,
        "summary": f"{condition} can be treated in several ways. {writer.sentences(2)}",
        "condition": condition,
        "hero_image": None,
        "health_center": {"slug": planned.center.slug, "title": planned.center.title},
        "body": body,
        "references": [_reference(writer, n) for n in range(1, reference_count + 1)],
        "source": SOURCE,
        "import": {"source_key": planned.source_key},
    }
    if reviewer is not None and signed_at is not None:
        document["import"]["sign_off"] = {"reviewer": reviewer, "signed_at": signed_at.isoformat()}
    return document


def _tier(writer: Writer, heading: str, reference_count: int) -> dict:
    rng = writer.rng
    options = []
    for _ in range(rng.randint(2, 4)):
        cited = sorted(rng.sample(range(1, reference_count + 1), rng.randint(0, 2)))
        options.append(
            {
                "name": writer.option_name(),
                "description": writer.paragraph(2),
                "evidence_note": writer.sentence(6, 12) if rng.random() < 0.5 else "",
                "reference_numbers": cited,
            }
        )
    return {
        "type": "treatment_tier",
        "value": {
            "heading": heading,
            "intro": writer.paragraph(1),
            "options": options,
            "closing_note": writer.paragraph(1) if rng.random() < 0.4 else "",
        },
    }


def _reference(writer: Writer, number: int) -> dict:
    rng = writer.rng
    return {
        "number": number,
        "text": f"{rng.choice(corpus.AUTHORS)}, et al. {writer.sentence(5, 9)} "
        f"{rng.choice(corpus.JOURNALS)}, {rng.randint(2005, 2025)}.",
        "url": "",
        "doi": f"10.{rng.randint(1000, 9999)}/bench.{number}",
        "pubmed_id": str(rng.randint(10_000_000, 39_999_999)),
    }


def plan(count: int, first_serial: int) -> list[PlannedArticle]:
    """``count`` articles from ``first_serial`` on, spread over the centers in turn."""
    planned = []
    for offset in range(count):
        serial = first_serial + offset
        center = corpus.CENTERS[serial % len(corpus.CENTERS)]
        condition = center.conditions[(serial // len(corpus.CENTERS)) % len(center.conditions)]
        planned.append(PlannedArticle(serial, center, condition))
    return planned


def documents(
    planned: list[PlannedArticle],
    *,
    anchors: dict[str, list[str]],
    reviewer: str | None = None,
    now: datetime | None = None,
    spread_days: int = 300,
) -> Iterator[dict]:
    """The detail documents of ``planned``, in order. ``anchors`` maps a center's slug to the
    url paths of its first articles (filled as they are written): later articles of the center
    link to them as related articles."""
    for item in planned:
        links = anchors.setdefault(item.center.slug, [])
        signed_at = now - timedelta(days=item.serial % spread_days, hours=2) if now else None
        yield article_document(item, related=list(links), reviewer=reviewer, signed_at=signed_at)
        if len(links) < RELATED_PER_CENTER:
            links.append(f"/{item.center.slug}/{item.slug}/")


def write_lines(path, documents_: Iterator[dict]) -> int:
    """Write documents as JSON Lines; returns how many."""
    written = 0
    with open(path, "w", encoding="utf-8") as handle:
        for document in documents_:
            handle.write(json.dumps(document, separators=(",", ":")) + "\n")
            written += 1
    return written


# Reader searches ----------------------------------------------------------------------------


def query_words() -> tuple[list[str], list[float], list[str]]:
    """What readers search with: health terms with their weights, and the ordinary words
    (4+ letters, no function words) of the long tail, most common first."""
    health = [t for t in medical().words if len(t) >= MIN_QUERY_WORD]
    weights = [medical().weight(t) for t in health]
    ordinary = [
        w
        for w in english().words
        if len(w) >= MIN_QUERY_WORD and w not in STOP_WORDS and w not in set(health)
    ]
    return health, weights, ordinary


def reader_queries(count: int, seed: int = SEED) -> list[str]:
    """``count`` distinct one- and two-word queries drawn as readers search: mostly health
    terms, the common ones most often, and a long tail of ordinary words (drawn evenly by
    rank over the 30,000, so most of them are rare)."""
    health, weights, ordinary = query_words()
    health_cumulative = list(itertools.accumulate(weights))
    rng = random.Random(seed)

    def word() -> str:
        if rng.random() < HEALTH_TERM_SHARE:
            point = rng.random() * health_cumulative[-1]
            return health[bisect.bisect_left(health_cumulative, point)]
        return rng.choice(ordinary)

    queries: dict[str, None] = {}
    for _ in range(count * 200):
        if len(queries) == count:
            break
        size = 1 if rng.random() < ONE_WORD_SHARE else 2
        words = [word() for _ in range(size)]
        if len(set(words)) == size:
            queries.setdefault(" ".join(words), None)
    if len(queries) < count:
        raise ValueError(f"Only {len(queries)} distinct reader queries could be drawn.")
    return list(queries)


def searchable_words() -> list[str]:
    """Every word a reader query can hold, sorted."""
    health, _, ordinary = query_words()
    return sorted({*health, *ordinary})
