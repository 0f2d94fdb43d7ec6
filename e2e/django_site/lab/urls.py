from django.urls import path

from . import crosssite, refused, views

urlpatterns = [
    path('', views.home),
    path('login', views.login_view),
    path('logout', views.logout_view),
    path('logout-clear-site-data', views.logout_clear_site_data),
    path('account', views.account),
    path('accounts/logout/', views.accounts_logout),
    path('reset/<str:uidb64>/<str:token>/', views.password_reset),
    path('magic-link', views.magic_link),
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
    path('refused/<str:case>', refused.refused),
    path('refused/<str:case>/control', refused.refused, {'control': True}),
    path('cookies-seen', crosssite.cookies_seen),
    path('sibling-page', crosssite.sibling_page),
    path('cross-site', crosssite.cross_site),
]
