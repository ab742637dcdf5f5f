"""The texts the platform starts with; the operator edits them in the back office.

Django template syntax. Placeholders: residence, crous, switch_date (already
written out in the recipient's language), booking_url, portal_url,
support_phone, first_name, count, residences, missing_steps, residence_url.
"""

DEFAULT_TEMPLATES = {
    ("dsi_list", "fr"): (
        "Bascule PlanetCampus du {{ switch_date }} : {{ count }} résidence{{ count|pluralize }} {{ crous }}",
        "Bonjour,\n\n"
        "Voici la liste des résidences du CROUS {{ crous }} sélectionnées le 10 du mois pour basculer vers "
        "l'offre PlanetCampus le {{ switch_date }}.\n\n"
        "{% for residence in residences %}- {{ residence.name }} ({{ residence.city }}), "
        "{{ residence.dwellings|default:'?' }} logements\n{% endfor %}\n"
        "La liste est jointe aux formats Excel (XLSX) et CSV.\n\n"
        "L'équipe PlanetCampus\n",
    ),
    ("dsi_list", "en"): (
        "PlanetCampus switch-over on {{ switch_date }}: {{ count }} residence{{ count|pluralize }} of {{ crous }}",
        "Hello,\n\n"
        "These residences of CROUS {{ crous }} were selected on the 10th to switch over to the PlanetCampus "
        "offer on {{ switch_date }}.\n\n"
        "{% for residence in residences %}- {{ residence.name }} ({{ residence.city }}), "
        "{{ residence.dwellings|default:'?' }} dwellings\n{% endfor %}\n"
        "The list is attached as Excel (XLSX) and CSV files.\n\n"
        "The PlanetCampus team\n",
    ),
    ("manager_announce", "fr"): (
        "{{ residence.name }} passe à PlanetCampus le {{ switch_date }}",
        "Bonjour {{ first_name }},\n\n"
        "Le WiFi de la résidence {{ residence.name }} bascule vers PlanetCampus le {{ switch_date }}. "
        "Les résidents recevront un SMS le matin même, puis un second quand la bascule sera faite.\n\n"
        "Réservez un créneau téléphonique de 30 minutes pour découvrir votre nouvel espace gestionnaire :\n"
        "{{ booking_url }}\n\n"
        "Les flyers à afficher sont joints en PDF ; nous recueillerons vos besoins de flyers imprimés "
        "pendant l'appel.\n\n"
        "L'équipe PlanetCampus\n",
    ),
    ("manager_announce", "en"): (
        "{{ residence.name }} moves to PlanetCampus on {{ switch_date }}",
        "Hello {{ first_name }},\n\n"
        "The WiFi of {{ residence.name }} switches over to PlanetCampus on {{ switch_date }}. Residents get a "
        "text message that morning and another one once the switch-over is done.\n\n"
        "Book a 30-minute phone call to discover your new manager center:\n{{ booking_url }}\n\n"
        "The flyers to put up are attached as PDF; we will collect your needs for printed flyers during the "
        "call.\n\n"
        "The PlanetCampus team\n",
    ),
    ("resident_announce", "fr"): (
        "",
        "{{ residence.name }} : votre WiFi passe à PlanetCampus aujourd'hui. Une courte coupure est possible "
        "dans la journée ; un SMS vous dira quand c'est fait.",
    ),
    ("resident_announce", "en"): (
        "",
        "{{ residence.name }}: your WiFi moves to PlanetCampus today. A short outage is possible during the "
        "day; a text message will tell you when it is done.",
    ),
    ("resident_announce", "de"): (
        "",
        "{{ residence.name }}: Ihr WLAN wechselt heute zu PlanetCampus. Im Laufe des Tages ist eine kurze "
        "Unterbrechung möglich; eine SMS sagt Ihnen, wenn es fertig ist.",
    ),
    ("resident_announce", "es"): (
        "",
        "{{ residence.name }}: su WiFi pasa hoy a PlanetCampus. Puede haber un breve corte durante el día; "
        "un SMS le avisará cuando esté listo.",
    ),
    ("resident_announce", "zh-hans"): (
        "",
        "{{ residence.name }}：您的WiFi今天切换到PlanetCampus。白天可能短暂中断；完成后我们会发短信通知您。",
    ),
    ("resident_done", "fr"): (
        "",
        "{{ residence.name }} : c'est fait, votre WiFi est passé à PlanetCampus. Connectez-vous au réseau "
        "PlanetCampus avec votre code de connexion : {{ portal_url }} Aide : {{ support_phone }}",
    ),
    ("resident_done", "en"): (
        "",
        "{{ residence.name }}: done, your WiFi is now PlanetCampus. Join the PlanetCampus network with your "
        "connection code: {{ portal_url }} Help: {{ support_phone }}",
    ),
    ("resident_done", "de"): (
        "",
        "{{ residence.name }}: Fertig, Ihr WLAN ist jetzt PlanetCampus. Verbinden Sie sich mit dem Netz "
        "PlanetCampus und Ihrem Zugangscode: {{ portal_url }} Hilfe: {{ support_phone }}",
    ),
    ("resident_done", "es"): (
        "",
        "{{ residence.name }}: listo, su WiFi ya es PlanetCampus. Conéctese a la red PlanetCampus con su "
        "código de conexión: {{ portal_url }} Ayuda: {{ support_phone }}",
    ),
    ("resident_done", "zh-hans"): (
        "",
        "{{ residence.name }}：已完成，您的WiFi现为PlanetCampus。请用您的连接码连接PlanetCampus网络："
        "{{ portal_url }} 帮助：{{ support_phone }}",
    ),
    ("operator_alert", "fr"): (
        "Bascule inachevée : {{ residence.name }} ({{ switch_date }})",
        "La bascule de {{ residence.name }} ({{ crous }}) prévue le {{ switch_date }} n'est pas terminée à "
        "15 h. Étapes restantes :\n"
        "{% for step in missing_steps %}- {{ step }}\n{% endfor %}\n"
        "Le SMS de fin de bascule partira dès que la liste sera complète.\n{{ residence_url }}\n",
    ),
    ("operator_alert", "en"): (
        "Switch-over not finished: {{ residence.name }} ({{ switch_date }})",
        "The switch-over of {{ residence.name }} ({{ crous }}) planned on {{ switch_date }} is not finished at "
        "15:00. Steps left:\n"
        "{% for step in missing_steps %}- {{ step }}\n{% endfor %}\n"
        "The done SMS goes out as soon as the checklist is complete.\n{{ residence_url }}\n",
    ),
}
