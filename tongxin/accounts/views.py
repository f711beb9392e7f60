"""Sign-in. django-axes watches the login form (username + IP lockout, see settings) and
answers a locked pair with templates/accounts/locked_out.html."""

from __future__ import annotations

from django.contrib.auth.views import LoginView


class SignInView(LoginView):
    template_name = "accounts/login.html"
    # An officer who is already signed in and opens the login page goes to work instead.
    redirect_authenticated_user = True
