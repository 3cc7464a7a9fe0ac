"""Colleagues' accounts are private: whoever may not change users (fact-checkers and editors)
sees only names, never email addresses, flags, groups, permissions or login dates."""

PUBLIC_USER_FIELDS = ["username", "first_name", "last_name"]


class PrivateUserAdminMixin:
    """For the user admin: the list, search (autocomplete included) and the view page show and
    search only names to anyone without auth.change_user."""

    def sees_private(self, request):
        return request.user.has_perm("auth.change_user")

    def get_list_display(self, request):
        return (
            super().get_list_display(request) if self.sees_private(request) else PUBLIC_USER_FIELDS
        )

    def get_list_filter(self, request):
        return super().get_list_filter(request) if self.sees_private(request) else []

    def get_search_fields(self, request):
        # Searching by email would let anyone test guesses of a colleague's address.
        return (
            super().get_search_fields(request) if self.sees_private(request) else PUBLIC_USER_FIELDS
        )

    def get_fieldsets(self, request, obj=None):
        if self.sees_private(request):
            return super().get_fieldsets(request, obj)
        return [(None, {"fields": PUBLIC_USER_FIELDS})]
