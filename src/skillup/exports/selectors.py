from skillup.exports.models import ExportJob


def jobs_visible_to(user):
    """A user sees only the exports they asked for (the file holds what their role could see)."""
    return ExportJob.objects.filter(requested_by=user)
