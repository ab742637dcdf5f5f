from functools import wraps

from django.contrib.auth.views import redirect_to_login

from planetcampus.accounts.scoping import require_operator, require_staff


def _login_then(check):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            check(request.user)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


staff_required = _login_then(require_staff)
"""Allow any staff role (operator, CROUS DSI, residence manager); 403 for others."""

operator_required = _login_then(require_operator)
"""Allow operator staff only; 403 for others."""
