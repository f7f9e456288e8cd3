"""Word lists for finding attributions: reporting, belief and intention verbs with their inflections, and the
function words that bound a source's noun phrase.

The verb lists are the team's, from the usual inventories of English reporting verbs (speech acts, beliefs,
evidence, intentions); a verb was left out when it is mostly something else in news ("like" the preposition, "back" the
adverb, "see", "appear", "talk", "remark"), judged by how often its uses are reports across many articles,
never by any one article.
"""

from __future__ import annotations

# Verbs that report speech or writing, and take a clause or a quotation.
SPEECH = """say tell add note write report announce warn argue state insist explain suggest acknowledge agree
claim assert declare contend stress emphasize emphasise predict concede confirm deny admit reply
respond recall comment observe allege complain boast brag joke quip tweet testify vow pledge promise
caution reiterate repeat reveal disclose indicate mention point cite counter retort ask wonder
query question describe charge accuse blame urge demand propose advise concur assure inform remind
lament mourn estimate calculate forecast conclude proclaim hint imply signal
speculate surmise muse scoff shout yell scream whisper chant sing echo exclaim grumble protest
criticize criticise condemn denounce slam blast praise applaud thank hail dismiss reject dispute challenge
defend attack mock ridicule decry lambaste berate rebuke call discuss detail outline reference
refer implore plead beg encourage apologize apologise highlight chronicle label liken compare link chastise
express tout offer scold grill question lecture characterize characterise portray paint dub term brand""".split()

# Verbs of thinking, knowing, wanting, intending and taking sides: PolNeAR counts beliefs, intentions and
# endorsements as attributions.
BELIEF = """believe think feel fear worry hope doubt suspect know realize realise understand
consider reckon guess wish want intend plan seek refuse decide prefer decline support oppose endorse
advocate welcome admire love resent view recognize recognise seem expect""".split()

# Verbs of judging aloud (praise and blame, FrameNet's Judgment_communication) and of stating firmly: "the mayor
# derided the plan as ...", "critics assailed the bill". Taken from those frame inventories, not from any article.
JUDGMENT = """laud commend acclaim herald trumpet champion deride excoriate castigate assail bash rip vilify smear
disparage denigrate demonize belittle downplay affirm reaffirm aver profess posit opine""".split()

# Verbs of opinion, feeling and intent beyond BELIEF (FrameNet's Opinion, Awareness, Experiencer_focus,
# Purpose, Suasion): "she deems the deal fair", "they dread a recount", "he threatened to sue".
ATTITUDE = """deem presume perceive ponder mull contemplate envision comprehend fathom discover appreciate relish
regret deplore dread despise detest loathe scorn embrace threaten persuade""".split()

# Things that show or find: polls, studies, reports and documents as sources ("a poll shows that ...").
EVIDENCE = """show find suggest indicate reveal conclude document demonstrate estimate illustrate""".split()

# Raising and control verbs: before "to" and a cue verb, their subject is its source ("he appeared to suggest").
# ("seem" is a cue itself: "he seems to think" is one report already.)
CONTROL = """appear try attempt fail manage choose tend begin start continue go rush hasten proceed move
vote dare""".split()

# Adjectives of belief, feeling and resolve after a form of "be": "Democrats are afraid that ...", "she was sure
# Trump would win", "he is determined to ...", "voters were incensed that ...". PolNeAR counts these states of mind
# (stance, doubt, resolve, feeling: FrameNet's Certainty, Willingness, Emotion_directed) as attributions.
BELIEF_ADJECTIVES = frozenset(
    """sure certain convinced confident afraid worried concerned determined willing eager hopeful skeptical
    sceptical critical adamant optimistic pessimistic aware unaware frank bearish bullish wary leery unsure uncertain
    doubtful reluctant hesitant unwilling keen insistent outspoken vocal dismissive resentful outraged furious angry
    incensed annoyed appalled dismayed disgusted horrified offended shocked stunned proud grateful thankful glad happy
    unhappy satisfied dissatisfied thrilled excited enthusiastic nervous anxious fearful embarrassed ashamed puzzled
    baffled confused amazed""".split()
)

# Nouns that report what their possessor says, thinks or intends when a clause follows: "Trump's claim that ...",
# "her plan to ...".
NOUN_CUES = frozenset(
    """claim claims assertion assertions argument belief beliefs insistence suggestion admission accusation
    accusations allegation allegations warning warnings contention promise promises pledge vow plan plans
    proposal proposals decision determination announcement hope hopes fear fears call demand demands conclusion
    refusal eagerness willingness intention""".split()
)
# Verbs that put out a message, and the messages they put out: "the city sent a letter", "she released a
# statement saying ...", "he unleashed a flurry of tweets". The verb is the cue when such a message follows it.
ISSUING = """send issue release publish post unleash deliver unveil air circulate distribute pen file fire""".split()
MESSAGES = frozenset(
    """statement statements letter letters tweet tweets message messages memo memos ad ads advertisement
    advertisements video videos op-ed column editorial paper release email emails note speech remarks complaint
    lawsuit proposal proposals ultimatum appeal petition response rebuttal apology endorsement feature
    report reports analysis study survey poll""".split()
)

# What may follow such a noun to open its content.
NOUN_CUE_OPENERS = frozenset("that to".split())

# Pronouns with a contracted "is" or "has" ("he's said"): not possessives.
CONTRACTED = frozenset("he's she's it's that's who's there's what's".split())

# Verbs of depicting whose passive names its source after "in": "are portrayed in state media as ...".
DEPICTION = """portray depict describe characterize characterise present report quote cite mention""".split()

# Participles that after a form of "be" name a state of mind of the subject, not a passive report: "voters were
# worried that ...", "she is pleased that ..." (the subject is the source).
STATE_PARTICIPLES = frozenset("worried concerned pleased surprised disappointed frustrated troubled alarmed".split())

# Forms of "be" before such an adjective.
BE_FORMS = frozenset("is are was were be been being am isn't aren't wasn't weren't 're 'm".split())

# Verbs that report only with their particles ("took aim at", "is doubling down on", "made the case that"): the
# verb alone is mostly something else. Each base maps to the word sequences that may follow it.
PHRASAL = {
    "go": ("after",),
    "lay": ("out",),
    "rail": ("against",),
    "lash": ("out at", "out against", "out"),
    "weigh": ("in on", "in"),
    "double": ("down on", "down"),
    "take": ("aim at", "issue with", "credit for", "a swipe at", "a shot at"),
    "make": ("the case for", "the case against", "the case"),
    "come": ("out against", "out for", "out in favor of", "out in support of"),
    "push": ("back on", "back against", "back"),
    "hit": ("back at", "out at", "back"),
    "fire": ("back at", "back"),
    "open": ("up about",),
    "raise": ("questions about", "concerns about", "doubts about", "the possibility"),
    "cast": ("doubt on",),
    "sound": ("the alarm",),
    "side": ("with",),
    "sum": ("up",),
    "talk": ("about", "up"),
    "shed": ("light on",),
    "focus": ("on",),
    "set": ("about",),
    "bring": ("up",),
    "walk": ("back",),
    "play": ("down",),
    "spell": ("out",),
    "shrug": ("off",),
    "wave": ("off", "away"),
    "put": ("forward",),
    "heap": ("praise on",),
    "own": ("up to",),
    "harp": ("on",),
    "dwell": ("on",),
    "throw": ("support behind", "cold water on"),
    "pour": ("cold water on",),
    "speak": ("out against", "out about", "out", "about", "of"),
}

IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "writing", "written"),
    "think": ("thinks", "thought", "thinking"),
    "know": ("knows", "knew", "knowing", "known"),
    "find": ("finds", "found", "finding"),
    "show": ("shows", "showed", "showing", "shown"),
    "feel": ("feels", "felt", "feeling"),
    "seek": ("seeks", "sought", "seeking"),
    "understand": ("understands", "understood", "understanding"),
    "sing": ("sings", "sang", "singing", "sung"),
    "forecast": ("forecasts", "forecast", "forecasting"),
    "swear": ("swears", "swore", "swearing", "sworn"),
    "speak": ("speaks", "spoke", "speaking", "spoken"),
    "hold": ("holds", "held", "holding"),
    "see": ("sees", "saw", "seeing", "seen"),
    "beg": ("begs", "begged", "begging"),
    "go": ("goes", "went", "going", "gone"),
    "lay": ("lays", "laid", "laying"),
    "take": ("takes", "took", "taking", "taken"),
    "make": ("makes", "made", "making"),
    "come": ("comes", "came", "coming"),
    "hit": ("hits", "hit", "hitting"),
    "cast": ("casts", "cast", "casting"),
    "send": ("sends", "sent", "sending"),
    "set": ("sets", "set", "setting"),
    "shed": ("sheds", "shed", "shedding"),
    "bring": ("brings", "brought", "bringing"),
    "put": ("puts", "put", "putting"),
    "throw": ("throws", "threw", "throwing", "thrown"),
}


def inflections(verb: str) -> tuple[str, ...]:
    """The verb's forms: base, third person, past (and participle), gerund; regular spelling rules."""
    if verb in IRREGULAR:
        return (verb, *IRREGULAR[verb])
    if verb.endswith("e"):
        past, ing = verb + "d", verb[:-1] + "ing"
    elif verb.endswith("y") and verb[-2] not in "aeiou":
        past, ing = verb[:-1] + "ied", verb + "ing"
    elif _doubles(verb):
        past, ing = verb + verb[-1] + "ed", verb + verb[-1] + "ing"
    else:
        past, ing = verb + "ed", verb + "ing"
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        third = verb + "es"
    elif verb.endswith("y") and verb[-2] not in "aeiou":
        third = verb[:-1] + "ies"
    else:
        third = verb + "s"
    return (verb, third, past, ing)


def _doubles(verb: str) -> bool:
    """Whether the last consonant doubles (one-syllable consonant-vowel-consonant endings: "plan", "quip", "chat")."""
    vowels = "aeiou"
    return (
        len(verb) >= 3
        and verb[-1] not in vowels + "wxy"
        and verb[-2] in vowels
        and verb[-3] not in vowels
        and sum(c in vowels for c in verb) == 1
    )


def participle(verb: str) -> str:
    """The verb's past participle ("reported", "known")."""
    found = inflections(verb)
    return found[4] if len(found) > 4 else found[2]


def forms(verbs: list[str]) -> dict[str, str]:
    """Every inflected form of ``verbs``, mapped to its base form."""
    return {form: verb for verb in verbs for form in inflections(verb)}


# Verbs that are as often nouns ("the state", "his plans", "tough questions"): their base and -s forms count as
# verbs only in a verb's company (``attribution._verb_context``).
NOUNISH = frozenset(
    """state release plan question report attack point tweet charge comment hope project answer remark document
    post estimate claim demand show promise pledge call counter signal protest challenge reply wish doubt fear
    worry concern quote cite note echo stress praise blast slam charge forecast mention defend respond
    support back favor favour welcome like love view detail outline reference label link talk paint term brand
    dub compare grill lecture""".split()
)

# Subjects and auxiliaries after which a base or -s form is a verb ("they plan", "will release", "to state").
VERB_BEFORE = frozenset(
    """he she it they we i you who which that will would could should may might must can to do does did
    also often still always never not""".split()
)

# Words that may open a verb's complement: after "the poll shows", "Trump plans".
COMPLEMENT_OPENERS = frozenset(
    """that the a an his her their its this these those to he she they it we i what how why whether if
    more most no some any all""".split()
)

# Words after which a past participle starts a reduced relative clause ("a poll released last week").
PARTICIPLE_AFTER = frozenset("by last earlier this in on at during since yesterday".split())

# A time adjunct between a source and its cue: "Wells Fargo just this month announced", "Trump on Friday said".
TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december jan feb aug sept oct nov dec week weekend month year today
    yesterday tonight morning afternoon evening night day days weeks months years ago""".split()
)
TIME_LEADS = frozenset("on in this last early late earlier next each that every since during the".split())

# Words that open an adjunct after a cue, not its complement: "he said in an interview", "she said Monday".
ADJUNCT_OPENERS = frozenset(
    """in on at during after before last this to of about from via through by then later earlier recently
    while when yesterday today tonight again also afterward afterwards""".split()
)

# Labels before a colon that name no speaker: "UPDATE: ...", "Editor's note: ...".
LABELS = frozenset(
    """update updated clarification correction note editor editor's related watch read source photo video
    breaking latest exclusive analysis opinion transcript live""".split()
)

# Auxiliaries and adverbs that may stand between a source and its cue, and belong to the cue ("has said",
# "also noted", "is expected").
AUXILIARIES = frozenset(
    """has have had is are was were be been being will would could should may might must can did does do
    also not never still already often again just now later then first once previously repeatedly publicly
    privately recently frequently long even further ever n't perhaps maybe instead quickly""".split()
)

PRONOUNS = frozenset("he she they i we you it who which one".split())

DETERMINERS = frozenset(
    """the a an another some many most several his her their its our my your this that these those both all
    no each every other such few more""".split()
)

# Determiners that may stand alone as a subject ("all agreed that ...", "some note that ...").
QUANTIFIERS = frozenset("all both many most some several few each others".split())

# Lowercase words that cannot be inside the source's noun phrase: they begin a clause or a phrase before it.
BOUNDARY = frozenset(
    """that and but or nor because when while if as after before since though although unless until so than
    whether where whereas in on at during with without by to from into onto over under about against between
    through across after amid among like despite what how why whom whose when where said says say told
    is are was were be been being has have had do does did will would can could should may might must not also
    there here then now however meanwhile instead yet even only just still""".split()
)

# Inside a noun phrase: "attorneys for the family", "the Center of Media Justice".
NP_LINKS = frozenset("of for at from".split())
