"""The demo coalition's transparency record: who sits where, what was decided, who pays.

Dates are offsets from the day the demo is loaded, so the sample always shows recent
meetings, one coming up, and actions both done and overdue.
"""

SITE_TIMEZONE = "Asia/Ho_Chi_Minh"
ONLINE = "https://meet.example.org/mdwp-steering-committee"

STEERING_MEMBERS = [
    "mekong-basin-commission",
    "an-giang-dard",
    "ctu-climate-institute",
    "delta-farmers-union",
    "women-for-clean-water",
    "blue-delta-water",
    "delta-agritech",
    "un-regional-water-office",
]
ASSEMBLY_MEMBERS = STEERING_MEMBERS + [
    "soc-trang-donre",
    "mekong-fishers-network",
    "can-tho-peoples-committee",
    "mekong-youth-for-water",
]

BODIES = [
    {
        "name": "Steering Committee",
        "slug": "steering-committee",
        "kind": "steering committee",
        "members": STEERING_MEMBERS,
        "terms_of_reference": (
            "The Steering Committee guides the partnership between General Assemblies.\n\n"
            "## Mandate\n\n"
            "- Oversee the work plan and the budget the General Assembly adopted.\n"
            "- Take decisions on programmes, grants and partnerships up to USD 250,000.\n"
            "- Approve the minutes of its meetings and publish its decisions.\n\n"
            "## Membership\n\n"
            "Eight partners elected by the General Assembly for two years, balancing "
            "government, civil society, research, business and the UN system. The MRC "
            "Secretariat chairs; the chair rotates every two years.\n\n"
            "## Ways of working\n\n"
            "The committee meets every quarter, in person or online. It decides by "
            "consensus; where none is reached, by a two-thirds majority of members present. "
            "Draft minutes are circulated within two weeks and approved at the next meeting."
        ),
    },
    {
        "name": "General Assembly",
        "slug": "general-assembly",
        "kind": "general assembly",
        "members": ASSEMBLY_MEMBERS,
        "terms_of_reference": (
            "The General Assembly of all partners is the partnership's highest body.\n\n"
            "- It adopts the strategy, the work plan and the annual budget.\n"
            "- It admits new partners and elects the Steering Committee.\n"
            "- It meets once a year; each partner has one vote.\n"
        ),
    },
]

# (body slug, months from today, title, slug): eight Steering Committee meetings and two
# General Assemblies in the past, one of each to come.
MEETINGS = [
    ("steering-committee", -22, "Steering Committee, first meeting", "steering-committee"),
    ("steering-committee", -19, "Steering Committee", "steering-committee"),
    ("general-assembly", -18, "General Assembly", "general-assembly"),
    ("steering-committee", -16, "Steering Committee", "steering-committee"),
    ("steering-committee", -13, "Steering Committee", "steering-committee"),
    ("steering-committee", -10, "Steering Committee", "steering-committee"),
    ("steering-committee", -7, "Steering Committee", "steering-committee"),
    ("general-assembly", -6, "General Assembly", "general-assembly"),
    ("steering-committee", -4, "Steering Committee", "steering-committee"),
    ("steering-committee", -1, "Steering Committee", "steering-committee"),
    ("steering-committee", 2, "Steering Committee", "steering-committee"),
    ("general-assembly", 5, "General Assembly", "general-assembly"),
]

STEERING_AGENDA = [
    "Welcome and adoption of the agenda",
    "Approval of the minutes of the previous meeting",
    "Progress of the water-quality programme",
    "Finance: budget follow-up",
    "Decisions and actions: review of open items",
    "Any other business",
]
ASSEMBLY_AGENDA = [
    "Opening by the chair",
    "Report of the Steering Committee",
    "Annual report and accounts",
    "Budget and work plan for the coming year",
    "Admission of partners",
    "Elections and mandates",
    "Closing",
]

# Decisions by meeting (index into MEETINGS). Each: (title, text, state, votes,
# [(action, owner, days after the meeting it is due, state)]).
DECISIONS = {
    0: [
        ("Adopt the partnership's two-year work plan",
         "The Steering Committee adopts the work plan for the next two years, with its "
         "three programmes: water quality, climate adaptation, and livelihoods.",
         "implemented", None,
         [("Publish the work plan in English and Vietnamese",
           "mekong-basin-commission", 30, "done"),
          ("Present the work plan to the provincial committees",
           "an-giang-dard", 45, "done")]),
        ("Set up a working group on saline intrusion monitoring",
         "A working group will coordinate the partners' salinity monitoring stations.",
         "superseded", None,
         [("Draft terms of reference for the working group", "ctu-climate-institute", 60,
           "cancelled")]),
    ],
    1: [
        ("Set the membership fee scale",
         "Annual fees: USD 5,000 for companies and utilities, USD 2,500 for universities "
         "and international NGOs, none for community organisations and local government.",
         "implemented", None,
         [("Invoice members for the membership fee", "mekong-basin-commission", 30, "done")]),
        ("Accept the Asian Development Bank grant for the water-quality programme",
         "The partnership accepts the grant and its reporting conditions.",
         "implemented", None,
         [("Sign the grant agreement", "mekong-basin-commission", 21, "done"),
          ("Open a separate account for the programme", "mekong-basin-commission", 30, "done")]),
    ],
    2: [
        ("Admit three new partners",
         "The General Assembly admits the Soc Trang Women's Union, the Mekong Fishers "
         "Network and Delta Youth for Water.",
         "implemented", (14, 0, 1),
         [("Welcome the new partners and add them to the directory", "mekong-basin-commission", 14,
           "done")]),
        ("Adopt the safeguarding and anti-corruption policy",
         "The policy applies to every activity the partnership funds.",
         "implemented", (15, 0, 0),
         [("Train the partners' focal points on the policy", "women-for-clean-water", 90, "done")]),
    ],
    3: [
        ("Launch community water-quality testing in 20 communes",
         "Farmers' and women's groups will test well and canal water monthly with simple "
         "kits; the university checks a sample of results in its laboratory.",
         "in progress", None,
         [("Train 40 community testers", "delta-farmers-union", 120, "done"),
          ("Publish the monthly test results", "ctu-climate-institute", 600, "in progress")]),
        ("Commission a mid-term evaluation",
         "An independent team will evaluate the first year of the work plan.",
         "implemented", None,
         [("Recruit the evaluation team", "mekong-basin-commission", 45, "done")]),
    ],
    4: [
        ("Merge saline-intrusion monitoring into the water-quality programme",
         "Rather than a separate working group, salinity monitoring joins the "
         "water-quality programme, which already has the stations and staff.",
         "implemented", None,
         [("Transfer the monitoring stations to the programme",
           "an-giang-dard", 60, "done")]),
        ("Approve the communication strategy",
         "Every result, decision and report is published on this portal within a month.",
         "in progress", None,
         [("Start a Vietnamese-language newsletter", "women-for-clean-water", 60, "done"),
          ("Hold two media briefings a year", "un-regional-water-office", 330, "in progress")]),
    ],
    5: [
        ("Respond to the mid-term evaluation",
         "The Steering Committee accepts nine of the eleven recommendations and asks for "
         "a revised results framework.",
         "in progress", None,
         [("Prepare the management response", "mekong-basin-commission", 30, "done"),
          ("Revise the results framework", "ctu-climate-institute", 120, "open")]),
        ("Pilot solar-powered desalination in two schools",
         "Two schools in Ben Tre receive a solar desalination unit for drinking water.",
         "in progress", None,
         [("Install the first unit", "delta-agritech", 150, "in progress"),
          ("Agree maintenance with the school boards", "blue-delta-water", 90, "open")]),
    ],
    6: [
        ("Approve the annual report",
         "The annual report and the financial statement are approved for publication.",
         "implemented", None,
         [("Publish the annual report and the financial statement", "mekong-basin-commission", 14,
           "done")]),
        ("Adopt the gender action plan",
         "Every programme reports its results for women and men separately.",
         "agreed", None,
         [("Nominate a gender focal point in each programme", "soc-trang-donre", 60,
           "done"),
          ("Report sex-disaggregated results", "ctu-climate-institute", 300, "open")]),
    ],
    7: [
        ("Approve the budget for the coming year",
         "The General Assembly approves the budget as proposed by the Steering Committee.",
         "in progress", (12, 1, 2),
         [("Circulate the approved budget", "mekong-basin-commission", 14, "done")]),
        ("Renew the Steering Committee's mandate",
         "The eight members are re-elected for two years.",
         "implemented", (15, 0, 0), []),
        ("Open membership to private water utilities",
         "Utilities may join as partners on the same terms as companies.",
         "agreed", None,
         [("Draft admission criteria for utilities", "blue-delta-water", 60, "open")]),
    ],
    8: [
        ("Seek co-funding from the Netherlands Enterprise Agency",
         "The secretariat will submit a proposal for the climate-adaptation programme.",
         "in progress", None,
         [("Submit the concept note", "mekong-basin-commission", 30, "done"),
          ("Prepare the full proposal", "women-for-clean-water", 150, "in progress")]),
    ],
    9: [
        ("Hold the next General Assembly in Soc Trang",
         "The Soc Trang Women's Union offered to host the assembly.",
         "agreed", None,
         [("Book the venue and send the invitations", "soc-trang-donre", 60, "open")]),
        ("Postpone the study tour to next year",
         "The study tour to the Red River Delta moves to next year for budget reasons.",
         "agreed", None,
         [("Tell the host organisations the new dates", "mekong-basin-commission", 20, "open")]),
    ],
}  # fmt: skip

# Funding per year (offset from the financial year the annual report covers):
# (year offset, funder, type, amount, currency, purpose).
FUNDING = [
    (0, "adfr", "grant", "205000", "USD", "Water-quality programme"),
    (0, "australian-water-partnership", "grant", "80000", "USD", "Solar desalination pilot"),
    (0, "netherlands-water-programme", "grant", "60000", "EUR", "Community water testing"),
    (0, "blue-delta-water", "membership fee", "5000", "USD", ""),
    (0, "delta-agritech", "membership fee", "5000", "USD", ""),
    (0, "ctu-climate-institute", "membership fee", "2500", "USD", ""),
    (0, "un-regional-water-office", "in-kind", "18000", "USD", "Office space for the secretariat"),
    (0, "mekong-basin-commission", "in-kind", "24000", "USD", "Staff time of the secretariat"),
    (1, "adfr", "grant", "180000", "USD", "Water-quality programme"),
    (1, "australian-water-partnership", "grant", "60000", "USD", "Solar desalination pilot"),
    (1, "netherlands-water-programme", "grant", "75000", "EUR", "Climate adaptation"),
    (1, "blue-delta-water", "membership fee", "5000", "USD", ""),
    (1, "delta-agritech", "membership fee", "5000", "USD", ""),
    (1, "ctu-climate-institute", "membership fee", "2500", "USD", ""),
    (1, "un-regional-water-office", "in-kind", "18000", "USD", "Office space for the secretariat"),
]

# Names used in the demo's minutes text (the directory shows the real entries).
PARTNER_NAMES = {
    "mekong-basin-commission": "MRC Secretariat",
    "an-giang-dard": "An Giang Provincial People's Committee",
    "ctu-climate-institute": "Can Tho University",
    "delta-farmers-union": "Mekong Delta Farmers' Association",
    "women-for-clean-water": "WWF-Viet Nam",
    "blue-delta-water": "Ben Tre Water Supply Company",
    "delta-agritech": "GreenWater Technologies",
    "un-regional-water-office": "UNDP Viet Nam",
    "soc-trang-donre": "Soc Trang Women's Union",
    "mekong-fishers-network": "Mekong Fishers Network",
    "can-tho-peoples-committee": "Kien Giang Provincial People's Committee",
    "mekong-youth-for-water": "Delta Youth for Water",
}
