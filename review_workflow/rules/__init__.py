"""What a medical review requires, and how a revision is judged against it.

The review policy (how many approvals, which specialties), who may decide
(eligibility, separation of duties), the specialty vocabulary, what a reviewer attests,
the fingerprint a sign-off binds to, and the review status and due dates. These modules
answer questions; they write nothing.
"""
