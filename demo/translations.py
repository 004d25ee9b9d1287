"""The demo's Spanish translations, written for this project (not machine translations), and
their place in the review story:

- the upper and middle back pain article in Spanish, signed off by two reviewers who review
  in Spanish (the centre's policy: two approvals, one from orthopaedics): current;
- the neck pain article in Spanish, signed off against the neck article's first version; the
  English article was then published again, so the Spanish one is out of date, and its
  update waits for medical review.

Translations are made as Wagtail makes them (``copy_for_translation``: same page type and
``translation_key``, in the ``es`` locale); new ones are made in the admin with
wagtail-localize.
"""

from __future__ import annotations

from .articles import _factors as _english_factors
from .articles import _option, _tier
from .articles import _red_flags as _english_red_flags

# The health center in Spanish: a translation of its own (not an alias), so Spanish readers
# and the admin's Spanish tree see its Spanish title.
HEALTH_CENTER_ES = {
    "title": "Dolor de espalda",
    "intro": "Cómo se trata el dolor de espalda y de cuello, desde el cuidado en casa hasta la "
    "cirugía, y cuándo el dolor necesita la atención de un médico.",
}


def _factors(*factors):
    return _english_factors(*factors, intro="Su plan de tratamiento depende de:")


def _red_flags(title, items):
    lead = "Busque atención médica cuanto antes si el dolor se acompaña de:"
    return _english_red_flags(title, items, lead=lead)


UPPER_BACK_ES = {
    "original": "upper-middle-back-pain-treatment",
    "title": "Dolor de espalda alta y media: opciones de tratamiento",
    "slug": "tratamiento-dolor-espalda-alta-media",
    "condition": "Dolor de espalda alta y media",
    "summary": "El dolor entre el cuello y la parte baja de las costillas suele aliviarse en "
    "pocas semanas con medidas sencillas. El tratamiento adecuado depende de la causa y de "
    "cuánto le afecte en su día a día, así que planéelo junto con su médico.",
    "body": [
        _factors(
            "La intensidad del dolor y el tiempo que lleva con él.",
            "Cuánto le impide trabajar, dormir o moverse.",
            "Lo que ya ha probado y hasta qué punto le ha ayudado.",
        ),
        _tier(
            "Tratamiento del dolor leve o moderado",
            "La mayoría de las personas pueden tratar por sí mismas el dolor leve o moderado con:",
            [
                _option(
                    "Mantenerse activo",
                    "Siga con una actividad diaria suave. El reposo prolongado en cama suele "
                    "retrasar la recuperación.",
                ),
                _option(
                    "Calor o frío",
                    "Una compresa caliente o una bolsa de hielo envuelta en un paño durante 15 a "
                    "20 minutos cada vez puede aliviar la rigidez y las molestias.",
                ),
                _option(
                    "Analgésicos sin receta",
                    "El paracetamol o un antiinflamatorio como el ibuprofeno, tomados según las "
                    "indicaciones del prospecto, pueden ayudarle a seguir moviéndose.",
                    "Los antiinflamatorios no son adecuados para todo el mundo; consulte a su "
                    "farmacéutico si tiene problemas de estómago, de riñón o de corazón.",
                ),
                _option(
                    "Cambios de postura y del puesto de trabajo",
                    "Ajuste la altura de la silla y de la pantalla, y haga pausas breves cuando "
                    "pase mucho tiempo sentado.",
                ),
            ],
        ),
        _tier(
            "Si el dolor no mejora o empeora",
            "Si el dolor dura más de unas semanas o empeora, su médico puede proponerle:",
            [
                _option(
                    "Fisioterapia",
                    "Un programa de estiramientos y ejercicios de fortalecimiento adaptado a "
                    "usted.",
                    "El ejercicio terapéutico ayuda a muchas personas con dolor de espalda de "
                    "larga duración.",
                    "1",
                ),
                _option(
                    "Tandas cortas de medicamentos con receta",
                    "Por ejemplo, un relajante muscular durante unos días cuando el espasmo "
                    "muscular es intenso.",
                    "Los relajantes musculares pueden producir somnolencia; su beneficio suele "
                    "ser pequeño.",
                ),
                _option(
                    "Medicamentos para el dolor de larga duración",
                    "Algunos antidepresivos, como la duloxetina, se usan a dosis bajas para el "
                    "dolor crónico, aunque usted no tenga depresión.",
                ),
                _option(
                    "Inyecciones de corticoides",
                    "Una inyección cerca de la raíz de un nervio irritado para reducir la "
                    "inflamación.",
                    "Las pruebas de que las inyecciones ayuden en el dolor de espalda alta son "
                    "escasas.",
                    "2",
                ),
            ],
            "A veces se usa un corsé durante poco tiempo para sujetar la columna tras una "
            "fractura.",
        ),
        _tier(
            "Cirugía",
            "La cirugía rara vez es necesaria para el dolor de espalda alta y media. Si se la "
            "proponen, es razonable pedir una segunda opinión. Las opciones dependen de la causa:",
            [
                _option(
                    "Vertebroplastia o cifoplastia",
                    "Se inyecta cemento óseo en una vértebra aplastada para estabilizarla.",
                    "Los ensayos no han mostrado una ventaja clara frente al tratamiento sin "
                    "cirugía en la mayoría de las fracturas, que suelen curarse solas.",
                    "3",
                ),
                _option(
                    "Extirpación de parte de un disco herniado",
                    "Se valora cuando una hernia discal grande comprime la médula espinal.",
                ),
                _option(
                    "Descompresión por estenosis de canal",
                    "Ensancha un canal vertebral estrechado para aliviar la presión sobre la "
                    "médula o los nervios.",
                ),
            ],
        ),
        _red_flags(
            "Cuándo acudir al médico de inmediato",
            [
                "Entumecimiento, debilidad u hormigueo en las piernas o los brazos.",
                "Pérdida del control de la vejiga o del intestino.",
                "Fiebre, pérdida de peso sin explicación o antecedentes de cáncer.",
                "Dolor tras una caída o un golpe, o dolor que empeora por la noche.",
                "Dolor en el pecho o falta de aire, que pueden indicar un problema de corazón.",
            ],
        ),
    ],
}

NECK_ES = {
    "original": "neck-pain-treatment",
    "title": "Dolor de cuello: opciones de tratamiento",
    "slug": "tratamiento-dolor-cuello",
    "condition": "Dolor de cuello",
    "summary": "El cuello rígido o dolorido suele mejorar por sí solo en unos días o semanas. "
    "El movimiento suave y los analgésicos sencillos ayudan a la mayoría de las personas; "
    "unas pocas necesitan más pruebas.",
    "body": [
        _factors(
            "Lo que parece haber causado el dolor, como la postura, un esfuerzo o una lesión.",
            "Si tiene dolor, entumecimiento o debilidad en un brazo.",
            "Cuánto tiempo dura el dolor.",
        ),
        _tier(
            "Tratamiento del dolor leve o moderado",
            "Normalmente puede aliviar el dolor de cuello usted mismo con:",
            [
                _option(
                    "Ejercicios suaves de cuello",
                    "Gire, incline y rote el cuello despacio, sin pasar del punto en que le "
                    "resulte cómodo.",
                ),
                _option("Analgésicos", "Paracetamol o ibuprofeno durante unos días."),
                _option(
                    "Una almohada que sujete bien",
                    "Una sola almohada firme que mantenga la cabeza alineada con el cuerpo.",
                ),
            ],
        ),
        _tier(
            "Si el dolor de cuello no cede",
            "Su médico puede proponerle:",
            [
                _option(
                    "Fisioterapia",
                    "Ejercicios y consejos para mejorar la movilidad y la postura.",
                    "El ejercicio combinado con terapia manual ayuda a algunas personas con "
                    "dolor de cuello persistente.",
                    "1",
                ),
                _option(
                    "Tratamiento de un nervio pinzado",
                    "Medicamentos para el dolor de origen nervioso y, a veces, una inyección, "
                    "si el dolor se extiende al brazo.",
                ),
            ],
        ),
        _tier(
            "Cirugía",
            "La cirugía es poco frecuente y se valora cuando un nervio o la médula espinal "
            "están comprimidos:",
            [
                _option(
                    "Discectomía cervical anterior",
                    "Se extirpa un disco que comprime un nervio y, por lo general, se fijan "
                    "las vértebras entre sí.",
                ),
            ],
        ),
        _red_flags(
            "Llame al médico con urgencia si el dolor de cuello se acompaña de",
            [
                "Fiebre alta y rigidez de cuello, sobre todo con dolor de cabeza o manchas en "
                "la piel.",
                "Debilidad, entumecimiento u hormigueo en ambos brazos.",
                "Dolor tras una caída o un accidente de coche.",
            ],
        ),
    ],
}

# The neck article's second English version (published after its Spanish translation was
# signed off, which is what makes that translation out of date), and the Spanish update that
# waits for medical review.
NECK_SECOND_VERSION_SUMMARY_END = " Most people feel better within two weeks."
NECK_ES_UPDATED_SUMMARY_END = " La mayoría de las personas mejoran en dos semanas."

TRANSLATIONS = [UPPER_BACK_ES, NECK_ES]
