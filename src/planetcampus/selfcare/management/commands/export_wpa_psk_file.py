from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planetcampus.estate.models import Residence
from planetcampus.selfcare.pskfile import wpa_psk_file


class Command(BaseCommand):
    help = "Write a residence's private WiFi keys in hostapd's wpa_psk_file format."

    def add_arguments(self, parser):
        parser.add_argument("residence", help="Residence code, for example lyon-a.")
        parser.add_argument("--output", "-o", help="File to write (mode 600); standard output when absent.")

    def handle(self, residence, output=None, **options):
        found = Residence.objects.filter(code=residence).first()
        if found is None:
            raise CommandError(f"No residence has the code {residence!r}: see the codes in the operator's residence list.")
        text = wpa_psk_file(found)
        if output is None:
            self.stdout.write(text, ending="")
            return
        path = Path(output)
        path.touch(mode=0o600, exist_ok=True)
        path.chmod(0o600)
        path.write_text(text)
        keys = sum(1 for line in text.splitlines() if line.startswith("keyid="))
        self.stderr.write(f"Wrote {keys} key(s) to {path}")
