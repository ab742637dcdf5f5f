"""A NAS's RFC 5176 port on loopback, to see the Disconnect-Requests the center causes."""

import socket
import threading

from pyrad import packet as radius


class DisconnectListener:
    """Answer every Disconnect-Request with an ACK and keep the requests received."""

    def __init__(self, secret: str):
        from planetcampus.aaa import dynauth

        self.dictionary = dynauth.dictionary()
        self.secret = secret.encode()
        self.received = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                data, peer = self.sock.recvfrom(4096)
            except OSError:
                return
            request = radius.CoAPacket(secret=self.secret, dict=self.dictionary, packet=data)
            self.received.append(request)
            self.sock.sendto(request.CreateReply().ReplyPacket(), peer)

    def close(self):
        self.sock.close()


def open_session(user, nas, mac="02:11:22:33:44:55", session_id="S-1"):
    from planetcampus.aaa.models import AccountingSession
    from planetcampus.core.clock import now

    return AccountingSession.objects.create(
        unique_id=f"u-{mac}-{session_id}", acct_session_id=session_id, nas=nas, nas_identifier=nas.identifier,
        nas_ip=nas.ip_address, user=user, username=user.email, mac=mac, framed_ip="10.20.0.9", started_at=now(),
        last_event_at=now(), received_at=now())
