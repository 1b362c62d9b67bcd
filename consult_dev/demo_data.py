"""The demonstration's text: organisations, people, services, consultations and what was said."""

ORGANIZATIONS = [  # slug, level, English name, French name
    ("federal-citizen-services", "federal", "Federal Department of Citizen Services",
     "Ministère fédéral des Services aux citoyens"),
    ("manitoba-vital-statistics", "provincial", "Province of Manitoba – Vital Statistics",
     "Province du Manitoba – Bureau de l'état civil"),
    ("manitoba-driver-licensing", "provincial", "Province of Manitoba – Driver Licensing",
     "Province du Manitoba – Permis de conduire"),
    ("city-of-northbrook", "municipal", "City of Northbrook", "Ville de Northbrook"),
    ("kinosew-lake-first-nation", "indigenous", "Kinosew Lake First Nation",
     "Première Nation de Kinosew Lake"),
    ("northbrook-seniors-network", "community", "Northbrook Seniors' Network",
     "Réseau des aînés de Northbrook"),
]

STAFF = [  # key, email, display name, what the sign-in list says, site admin, (organisation, role)
    ("siteadmin", "site-admin@example.org", "Alex Morin", "Site administrator", True, []),
    ("orgadmin", "admin@example.org", "Catherine Roy", "Organisation admin", False,
     [("federal-citizen-services", "admin")]),
    ("designer", "designer@example.org", "Samuel Chen", "Service designer", False,
     [("federal-citizen-services", "designer")]),
    ("moderator", "moderator@example.org", "Isabelle Fournier", "Moderator", False,
     [("city-of-northbrook", "moderator"), ("federal-citizen-services", "moderator")]),
    ("intake", "intake@example.org", "Joseph Linklater", "Intake staff", False,
     [("manitoba-driver-licensing", "intake"), ("federal-citizen-services", "intake")]),
]

CITIZENS = [  # key (also the address before @example.org), display name, preferred language
    ("amelie", "Amélie T.", "fr"), ("daniel", "Daniel O.", "en"), ("priya", "Priya S.", "en"),
    ("marc", "Marc-André G.", "fr"), ("jenny", "Jenny F.", "en"), ("tom", "Tom B.", "en"),
    ("helene", "Hélène B.", "fr"), ("raj", "Raj P.", "en"), ("sophie", "Sophie N.", "en"),
    ("mike", "Mike K.", "en"), ("nadia", "Nadia H.", "fr"), ("lucas", "Lucas M.", "en"),
    ("kevin", "Kevin D.", "en"),
]

SERVICES = [  # slug, names, descriptions, life events, segments, channels
    ("newborn-registration", "Newborn registration and benefits",
     "Enregistrement des naissances et prestations",
     "Registering a birth, getting a birth certificate and a social insurance number, and "
     "applying for child benefits.",
     "Déclarer une naissance, obtenir le certificat de naissance et le numéro d'assurance "
     "sociale, et demander l'allocation pour enfants.",
     ["having_a_child"], ["parents", "newcomers"], ["online", "mail", "in_person"]),
    ("remote-road-tests", "Road tests in remote communities",
     "Examens de conduite dans les collectivités éloignées",
     "Booking and taking the road test for a driver's licence outside the cities.",
     "Réserver et passer l'examen de conduite à l'extérieur des grands centres.",
     ["learning_to_drive"], ["youth", "indigenous_peoples", "rural_remote"], ["in_person", "phone"]),
    ("small-business-permits", "Small business permits", "Permis pour petites entreprises",
     "The licences, permits and inspections needed to open a shop, café or home business.",
     "Les licences, permis et inspections nécessaires pour ouvrir un commerce, un café ou une "
     "entreprise à domicile.",
     ["starting_a_business"], ["businesses", "newcomers"], ["online", "in_person"]),
    ("seniors-benefits", "Seniors' benefits", "Prestations pour aînés",
     "Applying for the federal pension and the income supplement at 65.",
     "Demander la pension fédérale et le supplément de revenu à 65 ans.",
     ["retiring"], ["seniors", "people_with_disabilities"], ["online", "phone", "mail", "in_person"]),
    ("change-of-address", "Change of address", "Changement d'adresse",
     "Telling federal programs about a new address.",
     "Informer les programmes fédéraux d'une nouvelle adresse.",
     ["moving"], ["newcomers", "seniors", "youth"], ["online", "phone", "mail"]),
]

# Ideas are (author, title, body, comments). An author is a citizen's key, or the channel
# ("phone", "mail", "in_person") of input typed in by intake staff; ":pending", ":rejected"
# or ":flagged" after it sets the moderation state. A comment is "author|text"; each leading
# ">" nests it one level under the comment above it.
CONSULTATIONS = [
    dict(
        slug="newborn-registration-2026", service="newborn-registration",
        lead="federal-citizen-services", partners=["manitoba-vital-statistics"],
        status="open", moderation_mode="post", opens=-21, closes=40,
        title_en="Registering a birth and applying for benefits, in one step",
        title_fr="Déclarer une naissance et demander les prestations en une seule démarche",
        summary_en="Today, new parents register the birth with the province, then apply "
                   "separately for a social insurance number and child benefits. We want to "
                   "design a single application with you.",
        summary_fr="Aujourd'hui, les nouveaux parents déclarent la naissance à la province, puis "
                   "demandent séparément le numéro d'assurance sociale et l'allocation pour "
                   "enfants. Nous voulons concevoir avec vous une demande unique.",
        background_en="## Why we are consulting\n\nIn the weeks after a birth, most parents in "
                      "Manitoba fill in three forms:\n\n- the birth registration (province);\n- "
                      "the social insurance number application (federal);\n- the child benefits "
                      "application (federal).\n\nThey ask for much of the same information, at a "
                      "tiring time.\n\n## What we want to hear\n\nWhat worked for you, what did "
                      "not, what would make one application trustworthy, and who risks being left "
                      "out.",
        background_fr="## Pourquoi cette consultation\n\nDans les semaines qui suivent une "
                      "naissance, la plupart des parents au Manitoba remplissent trois "
                      "formulaires :\n\n- la déclaration de naissance (province);\n- la demande "
                      "de numéro d'assurance sociale (fédéral);\n- la demande d'allocation pour "
                      "enfants (fédéral).\n\nIls demandent en bonne partie les mêmes "
                      "renseignements, à un moment où l'on est déjà épuisé.\n\n## Ce que nous "
                      "voulons entendre\n\nCe qui a bien fonctionné pour vous, ce qui a coincé, "
                      "ce qui vous donnerait confiance dans une demande unique, et qui risque "
                      "d'être oublié.",
        comments=["jenny|Will this work when a baby from a First Nation community is born in "
                  "Winnipeg? Our address caused us months of delay.",
                  ">designer|Thank you. We have added this case to the ones we will test with "
                  "families and with First Nations health authorities.",
                  "mike|Good to see the two governments working on this together."],
        ideas=[
            ("amelie", "Start the registration at the hospital",
             "The nurse could start the registration with us in the room, on a tablet. We were "
             "handed a paper form with everything else and it sat in a pile for three weeks.",
             ["daniel|Same for us. The hospital gave us a folder of 30 pages and the registration "
              "form was somewhere in the middle.",
              ">amelie|Exactly. One person to walk you through it would change everything.",
              "helene|Il faut garder le formulaire papier pour les parents qui accouchent à la "
              "maison ou avec une sage-femme.",
              ">marc|Bon point. Les sages-femmes pourraient aussi avoir accès à la tablette.",
              ">>amelie|Oui, ou au moins recevoir un lien par texto."]),
            ("marc", "Un seul formulaire pour la province et le fédéral",
             "On a écrit le nom du bébé, notre adresse et nos numéros d'assurance sociale trois "
             "fois. Si la province transmet la déclaration au fédéral, on devrait seulement "
             "cocher « je veux aussi demander l'allocation pour enfants ».",
             ["priya|Yes, and let us choose what is shared, rather than all or nothing.",
              ">marc|Tout à fait, le consentement doit rester clair et facile à retirer.",
              "sophie|Would this work for parents who live in different provinces?"]),
            ("daniel", "Clear answers for parents who are not yet permanent residents",
             "We arrived on work permits and our daughter was born here. Nobody could tell us "
             "which benefits we could apply for. The new process should say plainly what applies "
             "to your immigration status.",
             ["nadia|Même chose pour nous : un refus sans explication après quatre mois.",
              ">daniel|That is exactly what happened to us. A checklist by status would help.",
              "raj|Languages matter too. My mother-in-law helps with the baby and reads neither "
              "English nor French."]),
            ("priya", "Let us see where our application is",
             "After sending the forms we waited eleven weeks without news. A tracking page, or a "
             "text message when each step is done, would save a lot of phone calls.",
             ["lucas|A text would be perfect. I never check my government account.",
              "mike|Please keep a phone number for those of us who prefer to talk to someone."]),
            ("sophie", "Include the birth certificate",
             "The birth certificate is a separate order with a separate fee. Most parents need it "
             "for a passport anyway; it should come with the registration.",
             ["amelie|Agreed, but I would not want to pay for it if I do not need it yet.",
              ">sophie|Fair. Maybe the first copy could be free?"]),
            ("nadia", "Pouvoir remplir la demande avec quelqu'un, en français",
             "Tout le monde n'est pas à l'aise en ligne. Pouvoir remplir la demande avec une "
             "personne au centre de santé communautaire, en français, rassurerait beaucoup de "
             "familles.",
             ["helene|À Saint-Boniface, c'est essentiel.",
              "tom|Same for Cree-speaking families up north."]),
        ],
    ),
    dict(
        slug="northbrook-business-permits", service="small-business-permits",
        lead="city-of-northbrook", partners=[], status="open", moderation_mode="pre",
        opens=-10, closes=50,
        title_en="Opening a small business in Northbrook: permits and licences",
        title_fr="Ouvrir une petite entreprise à Northbrook : permis et licences",
        summary_en="Opening a café or a hair salon can take five permits from three city "
                   "departments. Tell us where you got stuck and how a single permit desk could "
                   "work.",
        summary_fr="Ouvrir un café ou un salon de coiffure peut exiger cinq permis délivrés par "
                   "trois services municipaux. Dites-nous où vous avez bloqué et comment un "
                   "guichet unique pourrait fonctionner.",
        background_en="## The process today\n\nA business licence, a building permit for "
                      "renovations, a sign permit, a fire inspection and, for food, a health "
                      "inspection. Each has its own form and fee.\n\n## Moderation\n\nA moderator "
                      "reads every contribution before it appears, usually within one working day.",
        background_fr="## La démarche actuelle\n\nUne licence d'entreprise, un permis de "
                      "construction pour les rénovations, un permis d'enseigne, une inspection "
                      "incendie et, en restauration, une inspection sanitaire. Chacun a son "
                      "formulaire et ses frais.\n\n## Modération\n\nUne personne lit chaque "
                      "contribution avant sa publication, en général dans un délai d'un jour "
                      "ouvrable.",
        comments=["priya|Thank you for asking business owners before changing the process.",
                  "daniel:pending|Could the City also send a reminder when a licence is due for "
                  "renewal?"],
        ideas=[
            ("raj", "One file number for all five permits",
             "I opened a restaurant last year. I went to City Hall, the fire hall and the health "
             "office separately, and each needed another's approval first. One file shared by "
             "every department would save weeks.",
             ["sophie|The order is the worst part. Nobody tells you the health inspection comes "
              "after the fire inspection.",
              ">raj|Yes. A checklist in the right order would already help a lot.",
              "marc|D'autres villes du Manitoba ont déjà un guichet unique. Pourquoi ne pas s'en "
              "inspirer?"]),
            ("sophie", "Show the total cost before I start",
             "I only learned about the sign permit fee after ordering the sign. A cost estimator "
             "with every fee would help people plan.",
             ["priya|And how long each step usually takes."]),
            ("priya", "Pay every permit online",
             "Some permits can only be paid by cheque or at City Hall during office hours, which "
             "is exactly when small business owners are working.",
             ["lucas|Evening hours once a week would help too.",
              "raj|I had to close my shop for an afternoon to pay a $75 fee."]),
            ("marc", "Des formulaires de la Ville en français",
             "Plusieurs commerçants francophones du quartier aimeraient faire leurs demandes en "
             "français, au moins pour les principaux formulaires.",
             ["nadia|Oui, et quelqu'un qui répond en français au téléphone."]),
            ("nadia:pending", "Un accompagnement pour les entrepreneurs nouveaux arrivants",
             "Un mentor de la Ville ou de la chambre de commerce pendant les trois premiers mois "
             "éviterait bien des erreurs coûteuses.", []),
            ("kevin:rejected", "My neighbour's fence",
             "My neighbour at 14 Birch Street built his fence two feet onto my lot and the City "
             "does nothing about it.", []),
        ],
    ),
    dict(
        slug="remote-road-tests", service="remote-road-tests",
        lead="manitoba-driver-licensing", partners=["kinosew-lake-first-nation"],
        status="open", moderation_mode="post", opens=-30, closes=20,
        title_en="Road tests closer to home in northern and remote communities",
        title_fr="Des examens de conduite plus près de chez soi dans le Nord et les collectivités "
                 "éloignées",
        summary_en="People in remote and fly-in communities often travel hundreds of kilometres "
                   "to take a road test. With Kinosew Lake First Nation, we are looking for ways "
                   "to bring testing to the community.",
        summary_fr="Dans les collectivités éloignées ou accessibles seulement par avion, il faut "
                   "souvent parcourir des centaines de kilomètres pour passer l'examen de "
                   "conduite. Avec la Première Nation de Kinosew Lake, nous cherchons comment "
                   "offrir l'examen sur place.",
        background_en="## The problem\n\nExaminers visit some communities once or twice a year, "
                      "and a missed visit means a long wait. Without a licence, young people miss "
                      "out on jobs and training.\n\n## Options we are studying\n\n- examiner "
                      "visits announced months ahead;\n- certified examiners from the community;\n"
                      "- tests on gravel and winter roads.\n\nYou can also share your views by "
                      "phone at 1-800-555-0199 or at the band office.",
        background_fr="## Le problème\n\nLes examinateurs ne passent dans certaines collectivités "
                      "qu'une ou deux fois par année, et une visite manquée signifie une longue "
                      "attente. Sans permis, des jeunes ratent des emplois et des formations.\n\n"
                      "## Les pistes étudiées\n\n- des visites annoncées des mois à l'avance;\n- "
                      "des examinateurs certifiés issus de la collectivité;\n- des examens sur "
                      "les routes de gravier et les routes d'hiver.\n\nVous pouvez aussi donner "
                      "votre avis par téléphone au 1-800-555-0199 ou au bureau de la bande.",
        comments=["helene|Merci de consulter directement les communautés concernées.",
                  "kevin:flagged|People who choose to live that far should expect to travel. Stop "
                  "asking the rest of us to pay for it."],
        ideas=[
            ("jenny", "Train people from the community as examiners",
             "We have people here who already teach driving. If the province certified two or "
             "three of them, young people could take the test when they are ready, not when the "
             "plane comes in.",
             ["tom|My nephew waited 14 months for his test. This would change things.",
              ">jenny|Same for half the kids in my son's class.",
              "mike|Would the test be held to the same standard? That matters for insurance.",
              ">jenny|Same test, same rules. Just a local examiner who is certified and checked.",
              ">>mike|Then I am all for it."]),
            ("tom", "Test on the roads we actually drive",
             "There are no traffic lights here. Test young drivers on gravel and winter roads, "
             "and leave city driving for later, with a restricted licence.",
             ["lucas|You still need city driving to go to Thompson or Winnipeg.",
              ">tom|That is why I said a restricted licence first.",
              "jenny|A winter road is harder to drive than anything in the city."]),
            ("phone", "Announce examiner visits well ahead",
             "Caller from a fly-in community: the last examiner visit was posted on Facebook one "
             "week before. Her daughter was away at school and missed it. She asks for two "
             "months' notice, on the community radio and at the band office.",
             ["jenny|The community radio is the best way to reach people here.",
              ">tom|And the band office newsletter."]),
            ("in_person", "Bring a vehicle for learners to practise and test in",
             "Recorded at the open house at the Kinosew Lake band office: several young people "
             "have no access to a vehicle that passes inspection. They ask that examiners bring a "
             "training vehicle on their visits.",
             ["mike|The insurance would need sorting out, but it is a good idea.",
              "in_person|Said at the same open house: the school could lend its lot for practice."]),
            ("lucas", "Book online, with a waiting list",
             "If someone cancels, the next person on the list should get a text message. Right "
             "now test slots go unused.",
             ["priya|A waiting list would help in the city as well."]),
        ],
    ),
    dict(
        slug="seniors-benefits-application", service="seniors-benefits",
        lead="federal-citizen-services", partners=["northbrook-seniors-network"],
        status="closed", moderation_mode="post", opens=-120, closes=-30,
        title_en="Applying for seniors' benefits without the paperwork maze",
        title_fr="Demander les prestations pour aînés sans se perdre dans la paperasse",
        summary_en="Many people turning 65 apply late, or not at all, for benefits they are "
                   "entitled to. We asked how to make applying simpler, including for people who "
                   "do not use the internet.",
        summary_fr="Beaucoup de personnes qui atteignent 65 ans présentent leur demande en "
                   "retard, ou jamais, alors qu'elles ont droit aux prestations. Nous avons "
                   "demandé comment simplifier la démarche, y compris pour les personnes qui "
                   "n'utilisent pas Internet.",
        background_en="## What we asked\n\nWhat made applying hard, whose help you relied on, and "
                      "whether you would accept being enrolled automatically.\n\nThis "
                      "consultation is closed. Thank you to everyone who took part online, by "
                      "phone and by mail; a report will follow.",
        background_fr="## Ce que nous avons demandé\n\nCe qui a rendu la demande difficile, qui "
                      "vous a aidé et si vous accepteriez d'être inscrit automatiquement.\n\n"
                      "Cette consultation est terminée. Merci à toutes les personnes qui y ont "
                      "participé, en ligne, par téléphone ou par la poste; un rapport suivra.",
        comments=["sophie|My father gave up halfway through. I hope this leads somewhere.",
                  ">designer|It will. We will publish what we heard and what we are changing this "
                  "spring."],
        ideas=[
            ("helene", "Inscription automatique à 65 ans",
             "Le gouvernement connaît déjà notre âge et nos revenus par nos déclarations d'impôt. "
             "Pourquoi faut-il encore faire une demande? Envoyez-nous une lettre à confirmer, "
             "tout simplement.",
             ["mike|I was enrolled automatically for one benefit but not the other, and did not "
              "know.", ">helene|Exactement, c'est ce qui est arrivé à ma sœur.",
              "amelie|Ma mère aurait tellement apprécié."]),
            ("mike", "A real person on the phone, without the hour-long wait",
             "I called three times and waited over an hour each time. A call-back option would "
             "let me hang up and keep my place in line.",
             ["helene|Oui, un rappel! Je n'ose plus appeler.",
              "sophie|My dad used call-back at his bank and loved it."]),
            ("mail", "Larger print on the paper form",
             "Letter from a Brandon resident, 82: the form is printed too small and the boxes are "
             "too narrow to write in. She asks for a large-print version, sent pre-filled by mail.", ["mike|Large print should be the default on a form for seniors."]),
            ("phone", "Let people name someone they trust to help",
             "Caller who helps his neighbours with forms: he cannot call for them without a long "
             "consent process. He suggests a one-page form to name a trusted helper.",
             ["helene|Les organismes communautaires font déjà ce travail; il faudrait les "
              "reconnaître."]),
            ("nadia", "Tenir compte des années vécues à l'étranger",
             "Mes parents sont arrivés au Canada à 50 ans. Personne ne leur a expliqué que, grâce "
             "aux ententes avec leur pays d'origine, leurs années de travail là-bas pouvaient "
             "compter.",
             ["daniel|Same for my parents. The rules are very hard to find."]),
        ],
    ),
    dict(
        slug="tell-us-once-moving", service="change-of-address",
        lead="federal-citizen-services", partners=[], status="draft", moderation_mode="post",
        opens=14, closes=74,
        title_en="Tell us once when you move",
        title_fr="Un seul avis quand vous déménagez",
        summary_en="Moving means updating your address with taxes, benefits and passports one by "
                   "one. How could a single notice work?",
        summary_fr="Quand on déménage, il faut donner sa nouvelle adresse à l'impôt, aux "
                   "prestations et aux passeports, un par un. Comment un seul avis pourrait-il "
                   "fonctionner?",
        background_en="## Draft\n\nQuestions still to settle with partners before opening.",
        background_fr="## Ébauche\n\nQuestions à régler avec les partenaires avant l'ouverture.",
        comments=[], ideas=[],
    ),
]

#: Who flags a contribution marked ":flagged", and why.
FLAGGERS = [("jenny", "abusive"), ("tom", "abusive")]
