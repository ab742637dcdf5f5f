"""The first FAQ questions, in the five student languages; the operator edits them in the back office."""

FAQ = [
    ("what-is-private-wifi", {
        "fr": ("Qu'est-ce que le WiFi privé ?", "Un réseau à vous, avec une clé personnelle : vos appareils s'y voient entre eux, et ceux des autres résidents n'y ont pas accès. C'est gratuit pour les résidents."),
        "en": ("What is private WiFi?", "A network of your own with a personal key: your devices see each other, and other residents' devices cannot reach them. It is free for residents."),
        "de": ("Was ist das private WLAN?", "Ein eigenes Netz mit persönlichem Schlüssel: Ihre Geräte sehen sich gegenseitig, die Geräte anderer Bewohner erreichen sie nicht. Für Bewohner ist es kostenlos."),
        "es": ("¿Qué es el WiFi privado?", "Una red propia con una clave personal: sus dispositivos se ven entre sí y los de otros residentes no pueden acceder a ellos. Es gratis para los residentes."),
        "zh-hans": ("什么是私人 WiFi？", "一个使用个人密钥的专属网络：您的设备可以互相发现，其他住户的设备无法访问。住户可免费使用。"),
    }),
    ("console-printer", {
        "fr": ("Comment connecter une console ou une imprimante ?", "Choisissez le réseau privé de votre résidence et saisissez votre clé WiFi. Ces appareils n'ont pas besoin du portail."),
        "en": ("How do I connect a games console or a printer?", "Choose your residence's private network and type your WiFi key. These devices do not need the portal."),
        "de": ("Wie verbinde ich eine Spielkonsole oder einen Drucker?", "Wählen Sie das private Netz Ihres Wohnheims und geben Sie Ihren WLAN-Schlüssel ein. Diese Geräte brauchen das Portal nicht."),
        "es": ("¿Cómo conecto una videoconsola o una impresora?", "Elija la red privada de su residencia y escriba su clave WiFi. Estos dispositivos no necesitan el portal."),
        "zh-hans": ("如何连接游戏机或打印机？", "选择您宿舍的私人网络并输入 WiFi 密钥即可。这类设备无需通过认证页面。"),
    }),
    ("key-refused", {
        "fr": ("Ma clé est refusée, que faire ?", "Vérifiez que vous êtes sur le réseau privé et que la clé est saisie en majuscules, sans espace. Si vous avez réinitialisé votre clé, l'ancienne ne fonctionne plus. Sinon, ajoutez l'adresse MAC de l'appareil dans l'onglet WiFi privé."),
        "en": ("My key is refused. What should I do?", "Check that you are on the private network and that the key is typed in capitals, without spaces. If you reset your key, the old one no longer works. Otherwise, add the device's MAC address in the Private WiFi tab."),
        "de": ("Mein Schlüssel wird abgelehnt. Was tun?", "Prüfen Sie, dass Sie im privaten Netz sind und den Schlüssel in Großbuchstaben ohne Leerzeichen eingeben. Wenn Sie den Schlüssel zurückgesetzt haben, gilt der alte nicht mehr. Sonst fügen Sie die MAC-Adresse des Geräts im Reiter Privates WLAN hinzu."),
        "es": ("Mi clave es rechazada. ¿Qué hago?", "Compruebe que está en la red privada y que escribe la clave en mayúsculas, sin espacios. Si restableció su clave, la antigua ya no funciona. Si no, añada la dirección MAC del dispositivo en la pestaña WiFi privado."),
        "zh-hans": ("我的密钥被拒绝，怎么办？", "请确认您连接的是私人网络，并以大写字母、无空格输入密钥。如果您重置过密钥，旧密钥已失效。否则，请在“私人 WiFi”标签页添加设备的 MAC 地址。"),
    }),
    ("leaving", {
        "fr": ("Que se passe-t-il quand je quitte la résidence ?", "Votre accès et votre option WiFi privé s'arrêtent à la date de fin de votre contrat de logement. Vous pouvez télécharger vos données avant de partir."),
        "en": ("What happens when I leave the residence?", "Your access and your private WiFi option stop on the end date of your housing contract. You can download your data before you leave."),
        "de": ("Was passiert, wenn ich aus dem Wohnheim ausziehe?", "Ihr Zugang und Ihre Option privates WLAN enden am Enddatum Ihres Mietvertrags. Vor dem Auszug können Sie Ihre Daten herunterladen."),
        "es": ("¿Qué pasa cuando dejo la residencia?", "Su acceso y su opción de WiFi privado terminan en la fecha de fin de su contrato de alojamiento. Puede descargar sus datos antes de irse."),
        "zh-hans": ("离开宿舍后会怎样？", "您的上网权限和私人 WiFi 选项将在住宿合同结束日期终止。离开前您可以下载自己的数据。"),
    }),
    ("customer-service", {
        "fr": ("Comment joindre le service client ?", "Le service client répond tous les jours, à toute heure, au numéro indiqué en bas de chaque page."),
        "en": ("How do I reach customer service?", "Customer service answers every day, at any hour, on the number shown at the bottom of every page."),
        "de": ("Wie erreiche ich den Kundenservice?", "Der Kundenservice ist täglich rund um die Uhr unter der Nummer unten auf jeder Seite erreichbar."),
        "es": ("¿Cómo contacto con atención al cliente?", "Atención al cliente responde todos los días, a cualquier hora, en el número indicado al pie de cada página."),
        "zh-hans": ("如何联系客服？", "客服全年无休、24 小时服务，电话号码见每个页面底部。"),
    }),
]


def seed_faq() -> int:
    """Create the questions that do not exist yet; texts the operator changed are left alone."""
    from planetcampus.selfcare.models import FaqEntry

    created = 0
    for position, (slug, texts) in enumerate(FAQ, start=1):
        entry, _new = FaqEntry.objects.get_or_create(slug=slug, defaults={"position": position})
        for language, (question, answer) in texts.items():
            _translation, new = entry.translations.get_or_create(
                language=language, defaults={"question": question, "answer": answer})
            created += new
    return created
