"""Login lockouts (django-axes): editors see who is locked out and unlock them."""

from axes.models import AccessAttempt
from django.contrib import admin

from claims import services
from claims.admin.hardening import HardenedAdminMixin


@admin.register(AccessAttempt)
class LockoutAdmin(HardenedAdminMixin, admin.ModelAdmin):
    """Failed logins by account and address. Deleting the rows ("Unlock") lifts the lockout at
    once; otherwise it ends by itself after settings.AXES_COOLOFF_TIME."""

    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    fields = ["username", "ip_address", "failures_since_start", "attempt_time", "path_info"]
    readonly_fields = fields
    ordering = ["-attempt_time"]
    actions = ["unlock"]

    # Editors (who publish) unlock; nobody edits or adds attempts by hand.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(services.PUBLISH_PERMISSION)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(services.PUBLISH_PERMISSION)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    @admin.action(description="Unlock: forget these failed logins", permissions=["delete"])
    def unlock(self, request, queryset):
        count, _ = queryset.delete()
        self.message_user(request, f"Unlocked: {count} record(s) of failed logins removed.")
