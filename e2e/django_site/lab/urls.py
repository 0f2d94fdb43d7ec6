from django.urls import path

from . import views

urlpatterns = [
    path('', views.home),
    path('login', views.login_view),
    path('logout', views.logout_view),
    path('touch', views.touch),
    path('read', views.read),
    path('noop', views.noop),
    path('flush', views.flush),
    path('cycle', views.cycle),
    path('big', views.big),
    path('clear-site-data', views.clear_site_data),
    path('page', views.page),
    path('pixel.png', views.pixel),
    path('page.js', views.page_script),
    path('cookie', views.cookie),
]
