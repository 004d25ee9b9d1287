"""The demo articles, as raw StreamField data. Original text written for this project."""

SOURCE = {
    "name": "Health library editorial team",
    "attribution": "Written by the Health library editorial team and checked by medical reviewers.",
    "url": "",
}

HEALTH_CENTER = {
    "title": "Back Pain",
    "slug": "back-pain",
    "intro": "How back and neck pain are treated, from self-care at home to surgery, and when "
    "pain needs a doctor's attention.",
}


def _option(name, description, evidence_note="", reference_numbers=""):
    return {
        "name": name,
        "description": f"<p>{description}</p>",
        "evidence_note": evidence_note,
        "reference_numbers": reference_numbers,
    }


def _tier(heading, intro, options, closing_note=""):
    return {
        "type": "treatment_tier",
        "value": {
            "heading": heading,
            "intro": f"<p>{intro}</p>" if intro else "",
            "options": options,
            "closing_note": f"<p>{closing_note}</p>" if closing_note else "",
        },
    }


def _factors(*factors, intro="Your treatment plan depends on:"):
    return {"type": "treatment_factors", "value": {"intro": intro, "factors": list(factors)}}


def _red_flags(title, items, lead="Get medical help promptly if your pain comes with:"):
    bullets = "".join(f"<li>{item}</li>" for item in items)
    return {
        "type": "callout",
        "value": {"kind": "red_flags", "title": title, "text": f"<p>{lead}</p><ul>{bullets}</ul>"},
    }


def _reference(text, url="", doi="", pubmed_id=""):
    return {
        "type": "reference",
        "value": {"text": text, "url": url, "doi": doi, "pubmed_id": pubmed_id},
    }


UPPER_BACK = {
    "title": "Upper and middle back pain: treatment options",
    "slug": "upper-middle-back-pain-treatment",
    "condition": "Upper and middle back pain",
    "summary": "Pain between the neck and the bottom of the ribs usually eases with simple "
    "measures within a few weeks. The right treatment for you depends on what is causing it "
    "and how much it gets in the way of your day, so plan it together with your doctor.",
    "related": ["low-back-pain-treatment", "neck-pain-treatment"],
    "body": [
        _factors(
            "How severe your pain is and how long it has lasted.",
            "How much it stops you from working, sleeping or moving around.",
            "What you have already tried and how well it helped.",
        ),
        _tier(
            "Treatment for mild to moderate pain",
            "Most people can look after mild to moderate pain themselves, with:",
            [
                _option(
                    "Staying active",
                    "Keep up gentle everyday activity. Long bed rest tends to slow recovery.",
                ),
                _option(
                    "Heat or cold",
                    "A warm pack or a wrapped ice pack for 15 to 20 minutes at a time can "
                    "ease stiffness and soreness.",
                ),
                _option(
                    "Over-the-counter pain relievers",
                    "Paracetamol or an anti-inflammatory such as ibuprofen, taken as the label "
                    "directs, can make it easier to keep moving.",
                    "Anti-inflammatories are not suitable for everyone; ask a pharmacist if you "
                    "have stomach, kidney or heart problems.",
                ),
                _option(
                    "Posture and workstation changes",
                    "Adjust your chair and screen height, and take short breaks from sitting.",
                ),
            ],
        ),
        _tier(
            "If the pain does not improve or gets worse",
            "If your pain lasts beyond a few weeks or worsens, your doctor may suggest:",
            [
                _option(
                    "Physiotherapy",
                    "A programme of stretching and strengthening exercises tailored to you.",
                    "Exercise therapy helps many people with long-lasting back pain.",
                    "1",
                ),
                _option(
                    "Short courses of prescription medicines",
                    "Such as a muscle relaxant for a few days when muscle spasm is severe.",
                    "Muscle relaxants can cause drowsiness; the benefit is usually small.",
                ),
                _option(
                    "Medicines for long-lasting pain",
                    "Some antidepressants, such as duloxetine, are used at low doses for "
                    "chronic pain, even when you are not depressed.",
                ),
                _option(
                    "Steroid injections",
                    "An injection near an irritated nerve root to reduce swelling.",
                    "Evidence that injections help upper back pain is limited.",
                    "2",
                ),
            ],
            "A back brace is sometimes used for a short time to support the spine after a "
            "fracture.",
        ),
        _tier(
            "Surgery",
            "Surgery is rarely needed for upper and middle back pain. If it is offered, getting "
            "a second opinion is reasonable. Options depend on the cause:",
            [
                _option(
                    "Vertebroplasty or kyphoplasty",
                    "Bone cement is injected into a collapsed vertebra to stabilise it.",
                    "Trials have not shown a clear advantage over non-surgical care for most "
                    "fractures, which usually heal on their own.",
                    "3",
                ),
                _option(
                    "Removing part of a herniated disc",
                    "Considered when a large disc herniation presses on the spinal cord.",
                ),
                _option(
                    "Decompression for spinal stenosis",
                    "Widens a narrowed spinal canal to take pressure off the cord or nerves.",
                ),
            ],
        ),
        _red_flags(
            "When to see a doctor straight away",
            [
                "Numbness, weakness or tingling in the legs or arms.",
                "Loss of control of your bladder or bowels.",
                "Fever, unexplained weight loss, or a history of cancer.",
                "Pain after a fall or injury, or pain that is worse at night.",
                "Chest pain or shortness of breath, which can be a sign of a heart problem.",
            ],
        ),
    ],
    "references": [
        _reference(
            "Hayden JA, et al. Exercise therapy for chronic low back pain. Cochrane Database of "
            "Systematic Reviews, 2021.",
            doi="10.1002/14651858.CD009790.pub2",
            pubmed_id="34580864",
        ),
        _reference(
            "Manchikanti L, et al. Epidural steroid injections in managing spinal pain: a "
            "systematic review. Pain Physician, 2013."
        ),
        _reference(
            "Buchbinder R, et al. Percutaneous vertebroplasty for osteoporotic vertebral "
            "compression fracture. Cochrane Database of Systematic Reviews, 2018.",
            doi="10.1002/14651858.CD006349.pub4",
        ),
    ],
}

LOW_BACK = {
    "title": "Low back pain: treatment options",
    "slug": "low-back-pain-treatment",
    "condition": "Low back pain",
    "summary": "Low back pain is very common and usually improves within six weeks. Staying "
    "active is the most useful thing you can do; medicines and hands-on therapies can help you "
    "keep moving while it settles.",
    "body": [
        _factors(
            "Whether the pain is new (acute) or has lasted more than three months (chronic).",
            "Whether pain spreads down a leg.",
            "Your general health and other medicines you take.",
        ),
        _tier(
            "Treatment for new, mild to moderate pain",
            "For pain that started recently, try:",
            [
                _option(
                    "Keeping moving", "Walk and carry on with normal activities as far as you can."
                ),
                _option(
                    "Heat",
                    "A heat wrap or warm bath can relax tight muscles.",
                    "Heat wraps give modest short-term relief.",
                    "1",
                ),
                _option(
                    "Anti-inflammatory pain relievers",
                    "Ibuprofen or naproxen at the lowest dose that helps, for a short time.",
                ),
            ],
        ),
        _tier(
            "If pain lasts or keeps coming back",
            "When pain lasts beyond a few weeks, your doctor may recommend:",
            [
                _option(
                    "Exercise programmes",
                    "Supervised exercise, yoga or pilates to build strength and flexibility.",
                    "Exercise reduces pain and improves function in chronic low back pain.",
                    "2",
                ),
                _option(
                    "Manual therapy",
                    "Spinal manipulation or massage alongside exercise.",
                ),
                _option(
                    "Psychological therapies",
                    "Cognitive behavioural therapy helps people manage long-lasting pain and "
                    "get back to activities.",
                ),
            ],
        ),
        _tier(
            "Surgery",
            "Surgery is considered only for specific problems that have not improved with "
            "other treatment:",
            [
                _option(
                    "Discectomy",
                    "Removes part of a herniated disc that presses on a nerve root.",
                ),
                _option(
                    "Spinal fusion",
                    "Joins two or more vertebrae; rarely recommended for back pain alone.",
                    "For back pain without nerve compression, fusion has not been shown to "
                    "work better than an intensive rehabilitation programme.",
                ),
            ],
        ),
        _red_flags(
            "Seek urgent medical care if you have",
            [
                "Numbness around your bottom or genitals.",
                "New problems passing urine or controlling your bowels.",
                "Weakness in both legs, or a leg that gives way.",
                "A fever or feel generally unwell with back pain.",
            ],
        ),
    ],
    "references": [
        _reference(
            "French SD, et al. Superficial heat or cold for low back pain. Cochrane Database of "
            "Systematic Reviews, 2006.",
            doi="10.1002/14651858.CD004750.pub2",
        ),
        _reference(
            "Hayden JA, et al. Exercise therapy for chronic low back pain. Cochrane Database of "
            "Systematic Reviews, 2021.",
            doi="10.1002/14651858.CD009790.pub2",
            pubmed_id="34580864",
        ),
    ],
}

NECK = {
    "title": "Neck pain: treatment options",
    "slug": "neck-pain-treatment",
    "condition": "Neck pain",
    "summary": "A stiff or painful neck usually gets better on its own within a few days to "
    "weeks. Gentle movement and simple pain relief help most people; a few need further tests.",
    "body": [
        _factors(
            "What seems to have caused the pain, such as posture, a strain or an injury.",
            "Whether you have pain, numbness or weakness in an arm.",
            "How long the pain has lasted.",
        ),
        _tier(
            "Treatment for mild to moderate pain",
            "You can usually ease neck pain yourself with:",
            [
                _option(
                    "Gentle neck exercises",
                    "Slowly turn, tilt and roll your neck through a comfortable range.",
                ),
                _option(
                    "Pain relievers",
                    "Paracetamol or ibuprofen for a few days.",
                ),
                _option(
                    "A supportive pillow",
                    "One firm pillow that keeps your head level with your body.",
                ),
            ],
        ),
        _tier(
            "If neck pain does not settle",
            "Your doctor may suggest:",
            [
                _option(
                    "Physiotherapy",
                    "Exercises and advice to improve movement and posture.",
                    "Exercise combined with manual therapy helps some people with persistent "
                    "neck pain.",
                    "1",
                ),
                _option(
                    "Treatment for a trapped nerve",
                    "Medicines for nerve pain, and sometimes an injection, if pain spreads to "
                    "the arm.",
                ),
            ],
        ),
        _tier(
            "Surgery",
            "Surgery is uncommon and is considered when a nerve or the spinal cord is compressed:",
            [
                _option(
                    "Anterior cervical discectomy",
                    "Removes a disc that presses on a nerve, usually joining the vertebrae.",
                ),
            ],
        ),
        _red_flags(
            "Call a doctor urgently if neck pain comes with",
            [
                "A high temperature and a stiff neck, especially with a headache or a rash.",
                "Weakness, numbness or pins and needles in both arms.",
                "Pain after a fall or a car accident.",
            ],
        ),
    ],
    "references": [
        _reference(
            "Gross A, et al. Exercises for mechanical neck disorders. Cochrane Database of "
            "Systematic Reviews, 2015.",
            doi="10.1002/14651858.CD004250.pub5",
        ),
    ],
}

# Related articles must be live when chosen, so the article that links to others comes last.
ARTICLES = [LOW_BACK, NECK, UPPER_BACK]

# Search synonym groups editors would add after reading the failed-search log: a reader's
# word for the condition, and the words the articles use.
SYNONYM_GROUPS = (
    "sciatica, back pain",
    "heart attack, myocardial infarction",
    "GP, family doctor",
    "physio, physiotherapy, physical therapy",
)
