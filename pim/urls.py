from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularSwaggerView

admin.site.site_header = "PIM"
admin.site.site_title = "PIM"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
    path("feeds/", include("syndication.urls")),
    path("api/v1/", include("pim.api_urls")),
    # Swagger UI from drf-spectacular-sidecar's static files (no CDN), reading the schema at /api/v1/schema/.
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="api-docs"),
]

if settings.DEBUG:  # production serves media from object storage or the proxy
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
