# Placeholder until the portal views land (being written now).
from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("todo")


home = activity_list = activity_detail = organisation_list = organisation_detail = _todo
contribution_detail = programme_detail = large_project_detail = agreement_list = _todo
agreement_detail = country_detail = _todo
