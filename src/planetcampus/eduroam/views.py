from django.http import HttpResponse


def home(request):
    return HttpResponse("eduroam")


residence_detail = toggle = proxies = home
