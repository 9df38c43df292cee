"""Random amendments on the sample plans: whatever is replaced, the documents read back right.

For a random paragraph of a random section, a random run of words is replaced by random words;
the marked-up plan without its struck words must read as the final plan, and without its bold
additions as the original plan, in every council layout.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ehcpdocs.api import amend, read_plan
from ehcpdocs.errors import AnchorAmbiguousError, AnchorNotFoundError

from builders import SAMPLE_IDS, sample_plan, sample_review
from readback import paragraphs, text_without

PLANS = {plan_id: sample_plan(plan_id).read_bytes() for plan_id in SAMPLE_IDS}
SECTIONS = {plan_id: read_plan(data).sections for plan_id, data in PLANS.items()}
WORDS = st.lists(st.sampled_from(["weekly", "termly", "20", "hours", "Zoë", "support", "as", "appropriate", ","]),
                 min_size=0, max_size=4)


def plain(data: bytes) -> list[str]:
    return [line for line in ("".join(text for text, *_ in runs) for runs in paragraphs(data)) if line.strip()]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SAMPLE_IDS), st.data(), WORDS)
def test_random_replacements_read_back(plan_id, data, new_words):
    sections = SECTIONS[plan_id]
    letter = data.draw(st.sampled_from(sorted(l for l, s in sections.items() if any(p.text.split() for p in s.places))))
    place = data.draw(st.sampled_from([p for p in sections[letter].places if len(p.text.split()) >= 2]
                                      or [p for p in sections[letter].places if p.text.split()]))
    words = re.findall(r"\S+", place.text)
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, min(len(words), start + 6)))
    old = " ".join(words[start:end])
    review = sample_review(plan_id)
    review["amendments"] = [{"op": "replace", "section": letter, "old": old, "new": " ".join(new_words)}]
    review["review"]["reasons"] = ["significant_change"]
    review["review"]["evidence"] = ["a report"]
    try:
        result = amend(PLANS[plan_id], review)
    except AnchorAmbiguousError:
        return  # the random words occur twice in the section: refusing is the right answer
    final = plain(result.final_docx)
    assert [l for l in text_without(result.amended_docx, "deleted") if l.strip()] == final
    assert [l for l in text_without(result.amended_docx, "added") if l.strip()] == plain(PLANS[plan_id])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SAMPLE_IDS), st.data())
def test_several_operations_on_one_section_read_back(plan_id, data):
    sections = SECTIONS[plan_id]
    letter = data.draw(st.sampled_from(sorted(l for l, s in sections.items() if len(s.places) >= 2)))
    places = [p for p in sections[letter].places if len(p.text.split()) >= 3]
    amendments = []
    for place in data.draw(st.lists(st.sampled_from(places), min_size=1, max_size=3, unique_by=lambda p: p.key)) if places else []:
        words = place.text.split()
        kind = data.draw(st.sampled_from(["replace", "insert", "delete", "revise"]))
        anchor = " ".join(words[:3])
        if kind == "replace":
            amendments.append({"op": "replace", "section": letter, "old": anchor, "new": " ".join(data.draw(WORDS))})
        elif kind == "insert":
            amendments.append({"op": "insert", "section": letter, "after": anchor, "new": "A new paragraph."})
        elif kind == "delete":
            amendments.append({"op": "delete", "section": letter, "paragraph": anchor})
        else:
            amendments.append({"op": "revise", "section": letter, "paragraph": anchor,
                               "new": " ".join(words[:2] + data.draw(WORDS) + words[3:])})
    if not amendments:
        return
    review = sample_review(plan_id)
    review["amendments"] = amendments
    review["review"]["reasons"] = ["significant_change"]
    review["review"]["evidence"] = ["a report"]
    try:
        result = amend(PLANS[plan_id], review)
    except (AnchorAmbiguousError, AnchorNotFoundError):
        return  # an anchor shared with another paragraph, or removed by an earlier amendment
    assert [l for l in text_without(result.amended_docx, "deleted") if l.strip()] == plain(result.final_docx)
    assert [l for l in text_without(result.amended_docx, "added") if l.strip()] == plain(PLANS[plan_id])
