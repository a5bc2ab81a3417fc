from django.urls import path

from syndication.views import feed_file

app_name = "syndication"

urlpatterns = [
    path("<str:channel_code>/<str:token>/<str:file_name>", feed_file, name="feed_file"),
]
