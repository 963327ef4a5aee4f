from .models import InfoPoint


def info_point(request):
    return {"info_point": InfoPoint.objects.current()}
