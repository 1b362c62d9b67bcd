"""What the bulk loader writes: who says what, where, in reply to whom, and with what fate.

The text is varied, partly in French and clustered around a few themes, so that the summary's
themes and opinion groups have something to find.
"""

import random

import numpy as np

#: How input arrived (weights): mostly online, the rest recorded by intake staff.
CHANNEL_SHARES = {"web": 86, "phone": 5, "in_person": 4, "mail": 2, "email": 2, "workshop": 1}
#: The fate of a contribution (weights). Pending ones fill the moderation queue.
STATUS_SHARES = {"published": 87, "pending": 10, "rejected": 2, "hidden": 1}
DELETED_SHARE = 0.005
#: Comments on the consultation itself rather than on an idea.
GENERAL_SHARE = 0.25
#: The first idea gets this many comments (or a quarter of them all, if fewer).
FEATURED_COMMENTS = 1000


def draw(rng, shares, size):
    """`size` keys of `shares`, drawn at random in proportion to their weights."""
    keys = list(shares)
    weights = np.array([shares[k] for k in keys], dtype=float)
    return [keys[i] for i in rng.choice(len(keys), size=size, p=weights / weights.sum())]


#: Themes a real consultation on passport renewal would hear about, in English and in French.
#: Each has subjects and complaints or proposals; sentences mix them with connecting phrases.
THEMES = {
    "wait": (
        ["the wait time", "the processing delay", "the queue at the office", "getting an appointment",
         "the six-week turnaround", "the backlog"],
        ["is far too long for families who travel", "made me miss a funeral abroad",
         "should be posted online with live updates", "doubled since last spring",
         "could be halved with a simple booking system"],
        ["le délai de traitement", "l'attente au bureau", "la file d'attente", "obtenir un rendez-vous"],
        ["est beaucoup trop long", "m'a fait rater un voyage", "devrait être affiché en ligne"],
    ),
    "online": (
        ["the online form", "the web portal", "uploading the photo", "the digital application",
         "paying the fee online", "the login with my bank"],
        ["crashed twice before I could submit", "should save my progress",
         "does not work on a phone", "asks for the same address three times",
         "would let rural people skip the trip to the city"],
        ["le formulaire en ligne", "le portail web", "le téléversement de la photo", "le paiement en ligne"],
        ["plante avant la fin", "devrait sauvegarder mes réponses", "ne fonctionne pas sur un cellulaire"],
    ),
    "rural": (
        ["the nearest office", "the drive to the city", "service in remote communities",
         "the mobile clinic", "mail delivery up north", "the ferry schedule"],
        ["is four hours away from my community", "costs a day of wages and fuel",
         "should visit every season, not once a year", "is unreliable in winter",
         "could be replaced by a video call with an agent"],
        ["le bureau le plus proche", "le trajet jusqu'en ville", "le service en région éloignée"],
        ["est à quatre heures de route", "coûte une journée de salaire", "devrait passer chaque saison"],
    ),
    "language": (
        ["service in French", "the guide for newcomers", "plain language in the letters",
         "interpretation at the counter", "the instructions", "the help line in Indigenous languages"],
        ["is hard to find outside Quebec", "uses words nobody understands",
         "should come in more languages", "was only available in English when I called",
         "would help elders who rely on their grandchildren"],
        ["le service en français", "le guide pour les nouveaux arrivants", "les lettres officielles"],
        ["est difficile à obtenir hors du Québec", "utilise un jargon incompréhensible",
         "devrait être offert dans plus de langues"],
    ),
    "documents": (
        ["the guarantor rule", "the birth certificate requirement", "the photo specifications",
         "sending my old passport by mail", "proof of citizenship", "the reference check"],
        ["makes no sense for someone renewing", "is impossible for people without family doctors",
         "should accept a digital copy", "left me without identification for weeks",
         "rejected my photo for a shadow nobody could see"],
        ["l'exigence du répondant", "le certificat de naissance", "les normes de la photo"],
        ["n'a aucun sens pour un renouvellement", "devrait accepter une copie numérique",
         "m'a laissé sans pièce d'identité"],
    ),
    "fees": (
        ["the fee", "the price of urgent service", "the cost for a family of five",
         "the refund policy", "the express pickup charge"],
        ["is out of reach for low-income families", "should be reduced for seniors",
         "is not refunded when the government is late", "should be spread over a few payments"],
        ["les frais", "le coût du service urgent", "le prix pour une famille"],
        ["sont trop élevés pour les familles", "devraient être réduits pour les aînés"],
    ),
    "accessibility": (
        ["the counter height", "the screen reader support", "the waiting room",
         "the phone menu", "service for deaf people", "the captcha"],
        ["is not accessible to wheelchair users", "skips half the form fields",
         "has no quiet space for autistic children", "never lets me reach a person",
         "should offer sign language by video"],
        ["l'accessibilité du comptoir", "le lecteur d'écran", "le menu téléphonique"],
        ["n'est pas accessible en fauteuil roulant", "ne permet jamais de parler à quelqu'un"],
    ),
}

OPENERS = ["Honestly,", "In my experience,", "For us,", "Last year", "As a parent,", "As a senior,",
           "I agree that", "I disagree:", "Frankly,", "From where I live,", ""]
OPENERS_FR = ["Franchement,", "Selon moi,", "Chez nous,", "L'an dernier,", "Comme parent,", ""]
IDEA_PREFIXES = ["Let people", "Allow us to", "Make it possible to", "Stop requiring people to",
                 "Offer a way to", "Create a service to"]
IDEA_VERBS = ["renew entirely online", "book appointments by text message", "track an application",
              "renew at the post office", "use a digital photo", "skip the guarantor",
              "get help in French by phone", "pay in instalments", "renew at a mobile clinic",
              "upload documents from a phone", "talk to a person within a day", "get a receipt by email"]
IDEA_FOR = ["for seniors", "in remote communities", "for newcomers", "for families", "for students",
            "for people with disabilities", "for everyone", "in the North", ""]
#: Personal information screening would catch, for the share of contributions held for review.
HELD = {"phone": "Call me at 613-555-{:04d} if you need details.",
        "email": "My address is reader{:04d}@example.net, write to me."}


class Writer:
    """Titles and bodies drawn from THEMES, seeded from a numpy generator so a seed repeats."""

    def __init__(self, rng, french_share=0.15):
        self.rng = random.Random(int(rng.integers(2**32)))
        self.french_share = french_share
        self.themes = list(THEMES.values())

    def pick(self, items):
        return self.rng.choice(items)

    def sentence(self):
        subjects, verbs, subjects_fr, verbs_fr = self.pick(self.themes)
        if self.rng.random() < self.french_share:
            opener, subject, verb = self.pick(OPENERS_FR), self.pick(subjects_fr), self.pick(verbs_fr)
        else:
            opener, subject, verb = self.pick(OPENERS), self.pick(subjects), self.pick(verbs)
        text = f"{opener} {subject} {verb}." if opener else f"{subject} {verb}."
        return text[0].upper() + text[1:]

    def title(self):
        words = f"{self.pick(IDEA_PREFIXES)} {self.pick(IDEA_VERBS)} {self.pick(IDEA_FOR)}".strip()
        return words[:200]

    def body(self, held=False):
        """A body of one to four sentences; when `held`, with personal information in it.

        Returns (body, None) or (body, (rule, (start, end))) naming what screening would match.
        """
        text = " ".join(self.sentence() for _ in range(self.rng.randint(1, 4)))
        if not held:
            return text, None
        rule = self.pick(list(HELD))
        extra = HELD[rule].format(self.rng.randrange(10000))
        needle = "613-555-" if rule == "phone" else "reader"
        start = len(text) + 1 + extra.index(needle)
        end = start + (12 if rule == "phone" else len("reader0000@example.net"))
        return f"{text} {extra}", (rule, (start, end))


class ContributionPlan:
    """Every idea and comment, generated in id order, with their fates and authors."""

    COLUMNS = ("id", "kind", "consultation_id", "author_id", "recorded_by_id", "channel", "status",
               "title", "body", "idea_id", "parent_id", "root_id", "depth", "deleted_at", "received_on",
               "needs_review", "review_since", "created_at")

    def __init__(self, rng, consultation_id, people, intake_id, first_id, start, now, total):
        self.rng, self.consultation_id, self.intake_id = rng, consultation_id, intake_id
        self.first_id, self.next_id, self.start, self.now = first_id, first_id, start, now
        self.writer = Writer(rng)
        self.rows, self.held, self.hidden, self.rejected = [], [], [], []
        # Drawn all at once: a channel, a fate and an author for each of the `total` rows.
        # A few people write a lot, most write once or twice.
        activity = 1.0 / np.arange(1, len(people) + 1) ** 0.8
        self.authors = rng.choice(people, size=total, p=activity / activity.sum()).tolist()
        self.channels = draw(rng, CHANNEL_SHARES, total)
        self.statuses = draw(rng, STATUS_SHARES, total)
        self.chance = rng.random(total).tolist()

    def _row(self, kind, when, title=None, idea_id=None, parent=None, featured=False):
        cid = self.next_id
        self.next_id += 1
        n = cid - self.first_id
        channel, chance = self.channels[n], self.chance[n]
        status = "published" if featured else self.statuses[n]
        author = None if channel != "web" else self.authors[n]
        body, spans = self.writer.body(held=status == "pending" and chance < 0.3)
        deleted = status == "published" and not featured and chance < DELETED_SHARE
        if spans:
            self.held.append((cid, spans))
        if status == "hidden":
            self.hidden.append(cid)
        if status == "rejected":
            self.rejected.append(cid)
        depth = parent[2] + 1 if parent else 0
        root = (parent[3] or parent[0]) if parent else None
        # Every other hidden one was hidden by flags and awaits review; the rest a moderator hid.
        in_queue = status == "pending" or (status == "hidden" and len(self.hidden) % 2 == 1)
        self.rows.append((
            cid, kind, self.consultation_id, author, None if author else self.intake_id, channel, status,
            None if deleted else title, "" if deleted else body, idea_id, parent[0] if parent else None,
            root, depth, when if deleted else None, None if channel == "web" else when.date(),
            in_queue, when if in_queue else None, when))
        return cid, depth, root

    def _when(self, fraction):
        return self.start + (self.now - self.start) * fraction

    def ideas(self, count):
        """`count` ideas over the first 70% of the consultation; returns (ids, when as fractions)."""
        times = np.sort(self.rng.random(count)) * 0.7
        return [self._row("idea", self._when(t), title=self.writer.title(), featured=n == 0)[0]
                for n, t in enumerate(times)], times

    def comments(self, total, idea_ids, idea_times):
        """Comments on the consultation and on ideas, about half of them replies nested up to 2 deep."""
        featured = min(FEATURED_COMMENTS, total // 4)
        general = int((total - featured) * GENERAL_SHARE)
        popularity = 1.0 / np.arange(1, len(idea_ids) + 1) ** 0.9
        per_idea = self.rng.multinomial(total - featured - general, popularity / popularity.sum())
        per_idea[0] += featured
        for idea_id, count, since in [(None, general, 0.0), *zip(idea_ids, per_idea, idea_times, strict=True)]:
            thread, by_id = [], {}
            for t in np.sort(since + self.rng.random(int(count)) * (1.0 - since)):
                parent = None
                if thread and self.rng.random() < 0.5:
                    parent = thread[self.rng.integers(0, len(thread))]
                    if parent[2] >= 2:  # as add_comment does: a reply too deep answers the parent
                        parent = by_id[parent[4]]
                cid, depth, root = self._row("comment", self._when(t), idea_id=idea_id, parent=parent)
                by_id[cid] = (cid, None, depth, root, parent[0] if parent else None)
                thread.append(by_id[cid])

    def renumber(self):
        """Give ids in order of time, as a live site does: threads interleave, parents come first.

        Returns {id as generated: id as stored}.
        """
        order = sorted(range(len(self.rows)), key=lambda i: (self.rows[i][17], i))
        new = {self.rows[i][0]: self.first_id + n for n, i in enumerate(order)}

        def moved(value):
            return None if value is None else new[value]

        self.rows = [(new[r[0]], *r[1:9], moved(r[9]), moved(r[10]), moved(r[11]), *r[12:])
                     for r in (self.rows[i] for i in order)]
        self.held = [(new[cid], spans) for cid, spans in self.held]
        self.hidden = [new[cid] for cid in self.hidden]
        self.rejected = [new[cid] for cid in self.rejected]
        return new
