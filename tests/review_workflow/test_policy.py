"""Each health center's review policy: how many distinct people approve, which specialties
among them; every approval signs the same content and the last one publishes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import WorkflowTask

from health_content.models import HealthCenterPage, TreatmentArticlePage
from review_workflow.admin.outcomes import approval_outcome
from review_workflow.models import MedicalReviewTask, MedicalSignOff
from review_workflow.publishing.decisions import (
    ReviewAlreadyDecided,
    ReviewRefused,
    sign_off_revision,
)
from review_workflow.publishing.guard import MedicalSignOffRequired
from tests.factories import TreatmentArticlePageFactory, attestation_data, reviewer


def fresh(page):
    return TreatmentArticlePage.objects.get(pk=page.pk)


def set_policy(center, approvals=1, specialties=()):
    HealthCenterPage.objects.filter(pk=center.pk).update(
        required_approvals=approvals, required_specialties=list(specialties)
    )


def approve(article, user):
    page = fresh(article)
    state = page.current_workflow_task_state
    state.task.specific.on_action(state, user, "approve", **attestation_data())


def can_approve(article, user) -> bool:
    page = fresh(article)
    return "approve" in [name for name, _, _ in page.current_workflow_task.get_actions(page, user)]


@pytest.fixture
def submitted(health_center, medical_workflow, editor):
    draft = TreatmentArticlePageFactory(parent=health_center, author=editor)
    draft.get_workflow().start(draft, editor)
    return draft


@pytest.mark.parametrize("required", [1, 2, 3])
def test_an_article_goes_live_only_with_the_last_of_n_distinct_approvals(
    health_center, submitted, rosa, required
):
    set_policy(health_center, approvals=required)
    reviewers = [rosa] + [reviewer() for _ in range(required - 1)]
    for count, person in enumerate(reviewers, start=1):
        assert not fresh(submitted).live
        approve(submitted, person)
        assert fresh(submitted).live == (count == required)
    approvals = MedicalSignOff.objects.approved().filter(revision_id=submitted.latest_revision_id)
    assert len({a.fingerprint for a in approvals}) == 1 and approvals.count() == required


def test_the_first_of_two_approvals_says_how_many_remain(health_center, submitted, rosa):
    set_policy(health_center, approvals=2)
    approve(submitted, rosa)
    outcome = approval_outcome(fresh(submitted).current_workflow_task_state.revision)
    assert "needs 1 more approval from other reviewers" in outcome


def test_the_same_reviewer_approving_again_counts_once(health_center, submitted, rosa):
    set_policy(health_center, approvals=2)
    approve(submitted, rosa)
    assert not can_approve(submitted, rosa)
    with pytest.raises(ReviewAlreadyDecided, match="already recorded"):
        approve(submitted, rosa)
    assert MedicalSignOff.objects.filter(reviewer=rosa).count() == 1
    assert not fresh(submitted).live


def test_one_reviewer_cannot_clear_two_review_tasks_of_the_same_revision(
    health_center, medical_workflow, submitted, rosa, sam
):
    second = MedicalReviewTask.objects.create(name="Second medical sign-off")
    second.groups.set(MedicalReviewTask.objects.get(name="Medical sign-off").groups.all())
    WorkflowTask.objects.create(workflow=medical_workflow, task=second, sort_order=1)
    approve(submitted, rosa)
    assert fresh(submitted).current_workflow_task.pk == second.pk
    assert not can_approve(submitted, rosa)
    with pytest.raises(ReviewRefused, match="already approved this version"):
        approve(submitted, rosa)
    approve(submitted, sam)
    assert fresh(submitted).live


def test_a_required_specialty_must_be_among_the_approvers(health_center, submitted, rosa):
    set_policy(health_center, approvals=1, specialties=["cardiology"])
    assert not can_approve(submitted, rosa)
    with pytest.raises(ReviewRefused, match="specialist in Cardiology"):
        approve(submitted, rosa)
    approve(submitted, reviewer(specialty="cardiology"))
    assert fresh(submitted).live


def test_with_two_approvals_and_a_specialty_the_second_approver_must_have_it(
    health_center, submitted, rosa, sam
):
    set_policy(health_center, approvals=2, specialties=["cardiology"])
    approve(submitted, rosa)
    assert not can_approve(submitted, sam)
    cardiologist = reviewer(specialty="cardiology")
    assert can_approve(submitted, cardiologist)
    approve(submitted, cardiologist)
    assert fresh(submitted).live


def test_publishing_with_fewer_approvals_than_required_is_refused_and_says_why(
    health_center, editor
):
    set_policy(health_center, approvals=2)
    draft = TreatmentArticlePageFactory(parent=health_center, author=editor)
    sign_off_revision(revision=draft.latest_revision, reviewer=reviewer())
    with pytest.raises(MedicalSignOffRequired, match="1 of 2 required approvals"):
        draft.latest_revision.publish()
    assert not fresh(draft).live


def test_approvals_of_different_content_do_not_add_up(health_center, editor):
    set_policy(health_center, approvals=2)
    draft = TreatmentArticlePageFactory(parent=health_center, author=editor)
    sign_off_revision(revision=draft.latest_revision, reviewer=reviewer())
    draft.source.name = "Renamed between the two approvals"
    draft.source.save()
    sign_off_revision(revision=draft.latest_revision, reviewer=reviewer())
    with pytest.raises(MedicalSignOffRequired):
        draft.latest_revision.publish()


@pytest.mark.parametrize(
    ("approvals", "specialties", "field"),
    [
        (0, [], "required_approvals"),
        (4, [], "required_approvals"),
        (1, ["cardiology", "neurology"], "required_approvals"),
    ],
)
def test_a_health_center_refuses_a_policy_that_cannot_be_met(
    health_center, approvals, specialties, field
):
    center = HealthCenterPage.objects.get(pk=health_center.pk)
    center.required_approvals, center.required_specialties = approvals, specialties
    with pytest.raises(ValidationError) as error:
        center.full_clean()
    assert field in error.value.message_dict


def health_center_form(center, **fields):
    from wagtail.test.utils.form_data import nested_form_data

    flat = nested_form_data(
        {
            "title": center.title,
            "slug": center.slug,
            "intro": center.intro,
            "review_interval_months": "12",
            "required_approvals": "2",
            "comments": {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"},
        }
    )
    return {**flat, **fields}


def test_an_administrator_sets_the_policy_on_the_health_centers_settings(
    client, superuser, health_center
):
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:edit", args=[health_center.pk])
    data = health_center_form(health_center, **{"action-publish": "1"})
    data["required_specialties"] = ["cardiology", "neurology"]
    client.post(url, data)
    center = HealthCenterPage.objects.get(pk=health_center.pk)
    assert center.review_policy().required_approvals == 2
    assert center.review_policy().required_specialties == ("cardiology", "neurology")


def test_an_impossible_policy_gets_a_form_error_not_a_500(client, superuser, health_center):
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:edit", args=[health_center.pk])
    data = health_center_form(health_center, required_approvals="1", **{"action-publish": "1"})
    data["required_specialties"] = ["cardiology", "neurology"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "required_approvals" in response.context["form"].errors
    assert HealthCenterPage.objects.get(pk=health_center.pk).required_approvals == 1
