"""The demo's training part: the promised size, real partner nations, consistent references,
and the same data from the same seed."""

from __future__ import annotations

from pledgeflow.demo.generator import DEMO_AS_OF
from pledgeflow.demo.nations import DONORS
from pledgeflow.demo.training import demo_training
from pledgeflow.domain.parties import Role
from pledgeflow.domain.sites import SiteKind


def test_size_and_references() -> None:
    demo = demo_training(DEMO_AS_OF)
    assert len(demo.courses) == 20
    assert len(demo.requirements) == 60
    assert len(demo.offers) == 80
    trainers = {n.code for n in DONORS if Role.TRAINER in n.roles}
    sites = {s.code: s for s in demo.dataset.sites}
    courses = {c.code: c for c in demo.courses}
    requirements = {r.id: r for r in demo.requirements}
    for offer in demo.offers:
        assert offer.trainer in trainers
        assert sites[offer.site].kind is SiteKind.TRAINING
        assert sites[offer.site].country == offer.trainer
        assert offer.start_date > DEMO_AS_OF
    for requirement in demo.requirements:
        course = courses[requirement.course]
        if requirement.after is not None:
            earlier = requirements[requirement.after]
            assert earlier.course == course.prerequisite
            assert earlier.must_finish_by < requirement.must_finish_by
    assert any(r.after for r in demo.requirements)
    assert any(o.language != "en" for o in demo.offers)


def test_same_seed_same_data() -> None:
    assert demo_training(DEMO_AS_OF) == demo_training(DEMO_AS_OF)
    assert demo_training(DEMO_AS_OF, seed=1) != demo_training(DEMO_AS_OF)
