from django.urls import path

from carbonpeak.people import token_views, views

app_name = "people"
urlpatterns = [
    path("password/", views.password_change, name="password_change"),
    path("locks/", views.locks, name="locks"),
    path("locks/unlock", views.unlock, name="unlock"),
    path("tokens/", token_views.token_list, name="tokens"),
    path("tokens/issue", token_views.token_issue, name="tokens_issue"),
    path("tokens/<int:pk>/revoke", token_views.token_revoke, name="tokens_revoke"),
]
