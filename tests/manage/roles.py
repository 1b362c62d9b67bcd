"""Everyone a staff page must decide about, one person per role, and what a refusal looks like."""

ROLES = (
    "visitor", "citizen", "intake", "moderator", "designer", "other_designer", "org_admin",
    "other_admin", "site_admin",
)


def person(make, role, organization):
    """A person holding `role` towards `organization`; None for a visitor (not signed in).

    `designer`, `intake`, `moderator` and `org_admin` hold their role in `organization`;
    `other_designer` and `other_admin` hold theirs in another organisation.
    """
    if role == "visitor":
        return None
    if role == "citizen":
        return make.user()
    if role == "other_designer":
        return make.user(role="designer")
    if role == "other_admin":
        return make.user(role="admin")
    if role == "org_admin":
        return make.user(role="admin", organization=organization)
    if role == "site_admin":
        return make.user(site_admin=True)
    return make.user(role=role, organization=organization)


def signed_in(client, user):
    """The client, signed in as `user` unless it is None (a visitor)."""
    if user is not None:
        client.login_as(user)
    return client


def assert_refused(response, role):
    """A visitor is sent to sign in; anyone else signed in is told no."""
    if role == "visitor":
        assert response.status_code == 302
        assert "/auth/login" in response.headers["Location"]
    else:
        assert response.status_code == 403
