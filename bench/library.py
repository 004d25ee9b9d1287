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

A share of the articles also has a Spanish translation (``translations``), written the same way
from Spanish: wordfreq's Spanish word frequencies mixed with a Spanish medical vocabulary in the
same Zipf scheme, with the article's set phrases in Spanish. A translation's document carries
``"locale": "es"`` and ``import.translation_of`` (its original's source key), as the importer
reads translations.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
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

ENGLISH_WORDS = 30_000  # the most frequent words of each language drawn from
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
SPANISH_WORD = re.compile(r"^[a-záéíóúüñ]+$")
TRANSLATION_LANGUAGE = "es"
# A translation is signed off this long after its original (which must be live first).
TRANSLATION_REVIEW_LAG = timedelta(hours=1)
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

# The Spanish medical vocabulary, in the same order of commonness (its own Zipf ranks).
SPANISH_MEDICAL_TERMS = """
dolor tratamiento médico síntomas medicamento salud ejercicio sangre cirugía terapia infección
estrés dieta sueño peso corazón músculo articulación piel inflamación fisioterapia diabetes asma
rigidez hinchazón fiebre lesión nervio artritis ansiedad depresión cansancio náuseas cefalea
comprimidos ibuprofeno paracetamol antibióticos corticoides insulina vacuna dosis receta
especialista diagnóstico crónico agudo grave leve moderado alivio recuperación rehabilitación
escáner radiografía colesterol presión columna espalda cuello hombro rodilla cadera tobillo
muñeca hueso cartílago tendón ligamento disco vértebra ciática estenosis artrosis reumatoide
gota lupus psoriasis eccema acné rosácea dermatitis alergia sinusitis bronquitis neumonía epoc
tos sibilancias disnea inhalador nebulizador oxígeno angina arritmia fibrilación palpitaciones
hipertensión ictus embolia trombosis anticoagulante warfarina estatinas aspirina
betabloqueantes diuréticos nitratos marcapasos stent bypass angioplastia catéter reflujo ardor
úlcera cálculos estreñimiento diarrea colitis crohn celiaquía hernia apendicitis hepatitis
cirrosis riñón vejiga próstata incontinencia cistitis migraña epilepsia convulsión demencia
parkinson neuropatía hormigueo entumecimiento insomnio apnea pánico fobia psicoterapia
antidepresivos sertralina fluoxetina citalopram benzodiacepinas opioides codeína morfina
tramadol gabapentina pregabalina amitriptilina naproxeno diclofenaco cortisona inyección
acupuntura quiropráctica osteopatía masaje hidroterapia ortesis férula muletas laparoscopia
artroscopia artroplastia discectomía laminectomía fusión descompresión ablación radioterapia
quimioterapia biopsia endoscopia colonoscopia ecografía resonancia electrocardiograma
ecocardiograma espirometría glucosa metformina retinopatía nefropatía hipoglucemia
cetoacidosis tiroides hipotiroidismo hipertiroidismo anemia hierro vitamina calcio
osteoporosis fractura esguince distensión latigazo espondilosis espondilitis escoliosis
cifosis fibromialgia bursitis tendinitis epicondilitis carpiano plantar fascitis sacroileítis
costocondritis pleuritis sarcoidosis bronquiectasias enfisema tuberculosis
""".split()

CONDITIONS = tuple(condition for center in corpus.CENTERS for condition in center.conditions)
SPANISH_CONDITIONS = {
    "Low back pain": "Dolor lumbar",
    "Upper back pain": "Dolor de espalda alta",
    "Sciatica": "Ciática",
    "Neck pain": "Dolor de cuello",
    "Spinal stenosis": "Estenosis espinal",
    "High blood pressure": "Hipertensión arterial",
    "Angina": "Angina de pecho",
    "Atrial fibrillation": "Fibrilación auricular",
    "Heart failure": "Insuficiencia cardíaca",
    "Type 2 diabetes": "Diabetes tipo 2",
    "Type 1 diabetes": "Diabetes tipo 1",
    "Diabetic neuropathy": "Neuropatía diabética",
    "Prediabetes": "Prediabetes",
    "Knee osteoarthritis": "Artrosis de rodilla",
    "Hip osteoarthritis": "Artrosis de cadera",
    "Rheumatoid arthritis": "Artritis reumatoide",
    "Gout": "Gota",
    "Depression": "Depresión",
    "Generalised anxiety": "Ansiedad generalizada",
    "Panic disorder": "Trastorno de pánico",
    "Insomnia": "Insomnio",
    "Acid reflux": "Reflujo ácido",
    "Irritable bowel syndrome": "Síndrome del intestino irritable",
    "Gallstones": "Cálculos biliares",
    "Constipation": "Estreñimiento",
    "Asthma": "Asma",
    "COPD": "EPOC",
    "Chronic cough": "Tos crónica",
    "Eczema": "Eccema",
    "Psoriasis": "Psoriasis",
    "Acne": "Acné",
    "Rosacea": "Rosácea",
}
# The synthetic health centers in Spanish (by slug: a translation keeps its original's).
SPANISH_CENTERS = {
    "back-pain": (
        "Dolor de espalda",
        "Cómo se tratan el dolor de espalda y el de cuello, del autocuidado a la cirugía.",
    ),
    "heart-health": (
        "Salud del corazón",
        "Tratamientos para los problemas frecuentes del corazón y de la circulación.",
    ),
    "diabetes": ("Diabetes", "Vivir con diabetes y tratarla, a ella y a sus complicaciones."),
    "arthritis": ("Artritis", "Dolor articular y artritis: qué ayuda y qué dicen las pruebas."),
    "mental-health": (
        "Salud mental",
        "Psicoterapia, medicamentos y autoayuda para los problemas de salud mental frecuentes.",
    ),
    "digestive-health": (
        "Salud digestiva",
        "Tratamientos para las enfermedades del estómago, el intestino y el hígado.",
    ),
    "lung-health": ("Salud pulmonar", "Los problemas respiratorios y cómo se tratan."),
    "skin-conditions": (
        "Enfermedades de la piel",
        "Eccema, psoriasis, acné y otros problemas de la piel.",
    ),
}
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
class Phrasing:
    """What one language's articles are written with: its words (wordfreq's list, the letters
    a word may have), its medical vocabulary, and the set phrases of an article's shape."""

    language: str
    word: re.Pattern
    medical_terms: tuple[str, ...]
    angles: tuple[str, ...]
    tier_headings: tuple[str, ...]
    option_words: tuple[str, ...]
    option_name: str  # a treatment option's name, from {term} and {word}
    factors_intro: str
    about: str  # a section heading, from {condition}
    summary_lead: str  # from {condition}
    red_flags_title: str
    red_flags_lead: str
    related_heading: str
    conditions: dict[str, str]  # the English condition -> this language's

    def condition(self, english: str) -> str:
        return self.conditions.get(english, english)


ENGLISH = Phrasing(
    language="en",
    word=WORD,
    medical_terms=tuple(MEDICAL_TERMS),
    angles=ANGLES,
    tier_headings=TIER_HEADINGS,
    option_words=OPTION_WORDS,
    option_name="{term} {word}",
    factors_intro="Treatment is based on:",
    about="About {condition}",
    summary_lead="{condition} can be treated in several ways.",
    red_flags_title="When to see your doctor",
    red_flags_lead="Call your doctor if you have:",
    related_heading="Related articles",
    conditions={},
)
SPANISH = Phrasing(
    language="es",
    word=SPANISH_WORD,
    medical_terms=tuple(SPANISH_MEDICAL_TERMS),
    angles=(
        "visión general del tratamiento",
        "opciones de tratamiento",
        "tratamiento en adultos",
        "tratamiento en personas mayores",
        "qué ayuda",
        "medicamentos",
        "cuidados en casa",
        "cuándo hace falta operarse",
    ),
    tier_headings=(
        "Tratamiento de los síntomas leves o moderados",
        "Si los síntomas empeoran",
        "Cirugía y procedimientos especializados",
    ),
    option_words=(
        "terapia",
        "medicamentos",
        "ejercicio",
        "inyecciones",
        "cirugía",
        "programa",
        "apoyo",
        "tratamiento",
    ),
    option_name="{word} para {term}",
    factors_intro="El tratamiento depende de:",
    about="Acerca de {condition}",
    summary_lead="{condition} puede tratarse de varias formas.",
    red_flags_title="Cuándo consultar a su médico",
    red_flags_lead="Llame a su médico si tiene:",
    related_heading="Artículos relacionados",
    conditions=SPANISH_CONDITIONS,
)
PHRASINGS = {phrasing.language: phrasing for phrasing in (ENGLISH, SPANISH)}


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
def common_words(language: str = "en") -> Distribution:
    """The most frequent words of ``language`` with their frequencies (wordfreq's list)."""
    from wordfreq import top_n_list, word_frequency

    word = PHRASINGS[language].word
    words = [w for w in top_n_list(language, ENGLISH_WORDS) if word.match(w)]
    return Distribution.of([(w, word_frequency(w, language)) for w in words])


def english() -> Distribution:
    """The most frequent words of English with their frequencies (wordfreq's list)."""
    return common_words("en")


@cache
def medical(language: str = "en") -> Distribution:
    """The medical vocabulary, term ``n`` (from 1) with weight 1/n^MEDICAL_ZIPF."""
    terms = list(dict.fromkeys(PHRASINGS[language].medical_terms))
    return Distribution.of([(t, 1 / (n**MEDICAL_ZIPF)) for n, t in enumerate(terms, start=1)])


class Writer:
    """Writes one article's text: sentences whose words come from the mixed distribution of
    its language (English unless ``phrasing`` says otherwise)."""

    def __init__(self, seed: int | str, phrasing: Phrasing = ENGLISH):
        self.rng = random.Random(seed)
        self.phrasing = phrasing
        self.common = common_words(phrasing.language)
        self.medical = medical(phrasing.language)

    def words(self, count: int) -> list[str]:
        medical_count = sum(1 for _ in range(count) if self.rng.random() < MEDICAL_SHARE)
        drawn = self.common.draw(self.rng, count - medical_count)
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
        name = self.phrasing.option_name.format(
            term=term, word=self.rng.choice(self.phrasing.option_words)
        )
        return name[0].upper() + name[1:]


@dataclass(frozen=True)
class PlannedArticle:
    """Where an article goes and what it is about: its serial, center and condition, and its
    language (an article in another language than English is a translation of the English
    article of the same serial)."""

    serial: int
    center: corpus.CenterSpec
    condition: str
    language: str = "en"

    @property
    def phrasing(self) -> Phrasing:
        return PHRASINGS[self.language]

    @property
    def is_translation(self) -> bool:
        return self.language != ENGLISH.language

    @property
    def title(self) -> str:
        angles = self.phrasing.angles
        return f"{self.phrasing.condition(self.condition)}: {angles[self.serial % len(angles)]}"

    @property
    def slug(self) -> str:
        return f"{slugify(self.title)}-{self.serial}"

    @property
    def source_key(self) -> str:
        if self.is_translation:
            return f"bench-{self.language}-{self.serial}"
        return f"bench-{self.serial}"

    @property
    def original_key(self) -> str:
        """The source key of the English article (its own, for the English article)."""
        return f"bench-{self.serial}"

    @property
    def seed(self) -> int | str:
        # The English articles keep the seed they always had (a library seeded before
        # translations existed is the same library); a translation's text has its own.
        if self.is_translation:
            return f"{SEED}-{self.language}-{self.serial}"
        return SEED * 1_000_003 + self.serial

    def translated(self, language: str = TRANSLATION_LANGUAGE) -> PlannedArticle:
        """The translation of this article into ``language``."""
        return dataclasses.replace(self, language=language)


def article_document(
    planned: PlannedArticle,
    *,
    related: list[str],
    reviewer: str | None = None,
    signed_at: datetime | None = None,
) -> dict:
    """One article as the API's detail document, with the import member (a translation's
    with its ``locale`` and ``import.translation_of``).

    ``related`` holds url paths (/center/slug/) of articles written earlier, in the article's
    language's page tree.
    """
    phrasing = planned.phrasing
    writer = Writer(seed=planned.seed, phrasing=phrasing)
    rng = writer.rng
    condition = phrasing.condition(planned.condition)
    reference_count = rng.randint(4, 8)
    body = [
        {
            "type": "treatment_factors",
            "value": {
                "intro": phrasing.factors_intro,
                "factors": [writer.sentence(6, 12) for _ in range(rng.randint(3, 5))],
            },
        },
        {
            "type": "section",
            "value": {
                "heading": phrasing.about.format(condition=condition.lower()),
                "text": writer.paragraph(4),
            },
        },
        *(_tier(writer, heading, reference_count) for heading in phrasing.tier_headings),
        {
            "type": "callout",
            "value": {
                "kind": "red_flags",
                "title": phrasing.red_flags_title,
                "text": f"<p>{phrasing.red_flags_lead}</p><ul>"
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
                    "heading": phrasing.related_heading,
                    "articles": [{"url_path": path} for path in related],
                },
            }
        )
    summary = phrasing.summary_lead.format(condition=condition)
    document = {
        "title": planned.title,
        "slug": planned.slug,
        "summary": f"{summary} {writer.sentences(2)}",
        "condition": condition,
        "hero_image": None,
        "health_center": {"slug": planned.center.slug, "title": _center_title(planned)},
        "body": body,
        "references": [_reference(writer, n) for n in range(1, reference_count + 1)],
        "source": SOURCE,
        "import": {"source_key": planned.source_key},
    }
    if planned.is_translation:
        document["locale"] = planned.language
        document["import"]["translation_of"] = planned.original_key
    if reviewer is not None and signed_at is not None:
        document["import"]["sign_off"] = {"reviewer": reviewer, "signed_at": signed_at.isoformat()}
    return document


def _center_title(planned: PlannedArticle) -> str:
    if planned.language == SPANISH.language:
        return SPANISH_CENTERS[planned.center.slug][0]
    return planned.center.title


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
    return [planned_article(serial) for serial in range(first_serial, first_serial + count)]


def planned_article(serial: int) -> PlannedArticle:
    """The English article of ``serial``: its center in turn, and a condition of it."""
    center = corpus.CENTERS[serial % len(corpus.CENTERS)]
    condition = center.conditions[(serial // len(corpus.CENTERS)) % len(center.conditions)]
    return PlannedArticle(serial, center, condition)


def is_translated(serial: int, share: float) -> bool:
    """Whether the article of ``serial`` has a translation when ``share`` of the library is
    translated: a fixed draw per serial, spread over the centers, so a larger share keeps
    every article a smaller one translates."""
    digest = hashlib.blake2b(f"{SEED}-{serial}".encode(), digest_size=8).digest()
    return int.from_bytes(digest) / 2**64 < share


def translations(
    serials: list[int], share: float, language: str = TRANSLATION_LANGUAGE
) -> list[PlannedArticle]:
    """The translations into ``language`` of the articles of ``serials`` that ``share`` of
    the library has translated (``is_translated``), in the order given."""
    return [
        planned_article(serial).translated(language)
        for serial in serials
        if is_translated(serial, share)
    ]


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
    link to them as related articles. Give translations their own anchors (the url paths of
    their language's tree). A translation is signed off a little after its original."""
    for item in planned:
        links = anchors.setdefault(item.center.slug, [])
        signed_at = None
        if now:
            signed_at = now - timedelta(days=item.serial % spread_days, hours=2)
            signed_at += TRANSLATION_REVIEW_LAG if item.is_translation else timedelta(0)
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
