"""Top-level URLs. Public pages are under i18n_patterns: English at /, Welsh at /cy/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from kinship.core import views as core_views
from kinship.site import api as site_api
from kinship.site import urls as site_urls

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("hello", core_views.hello, name="hello"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/openapi.json", site_api.openapi_spec, name="openapi"),
    path("api/v1/", include(site_urls.api_urls)),
    path("api/v1/", include(site_urls.areas_api_urls)),
    path("api/v1/", include("kinship.messaging.api_urls")),
    path("api/v1/", include("kinship.scorecard.api_urls")),
    path("api/v1/", include("kinship.petitions.api_urls")),
    path("staff/admin/", admin.site.urls),
    path("staff/two-step/", include("kinship.core.staffauth_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("kinship.core.urls")),
    path("", include(site_urls.campaign_urls)),
    path("", include("kinship.supporters.urls")),
    path("", include(site_urls.area_urls)),
    path("", include(site_urls.maps_urls)),
    path("", include("kinship.representatives.urls")),
    path("", include("kinship.messaging.urls")),
    path("", include(site_urls.scorecard_urls)),
    path("", include(site_urls.champion_urls)),
    path("", include("kinship.petitions.urls")),
    path("", include("kinship.localcampaigns.urls")),
    path("", include("kinship.jointletters.urls")),
    path("staff/", include("kinship.dashboard.urls")),
    path("staff/scorecard/", include("kinship.scorecard.staff_urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "kinship.site.views.page_not_found"
handler500 = "kinship.site.views.server_error"
