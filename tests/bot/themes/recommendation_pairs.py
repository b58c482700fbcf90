"""Recommendation pairs written for the similarity test: the same lesson, or not."""

from __future__ import annotations

# The same lesson in other words, as different reviews and partnerships write it.
SAME_LESSON: list[tuple[str, str]] = [
    (
        "Agencies should ensure that all high-risk domestic abuse cases are referred to MARAC.",
        "Partners must make sure every case assessed as high risk of domestic abuse is referred "
        "to the MARAC.",
    ),
    (
        "Health services should introduce routine enquiry about domestic abuse in maternity and "
        "A&E settings.",
        "Routine enquiry about domestic abuse should be embedded in health settings including "
        "maternity and emergency departments.",
    ),
    (
        "All frontline staff should receive training on coercive control.",
        "Training on coercive and controlling behaviour to be delivered to all front line "
        "practitioners.",
    ),
    (
        "GPs should be trained to recognise signs of domestic abuse in older people.",
        "Training for GPs on recognising domestic abuse in older patients.",
    ),
    (
        "Police should complete a DASH risk assessment at every domestic abuse incident.",
        "A DASH risk assessment must be completed by police officers attending each domestic "
        "abuse incident.",
    ),
    (
        "Develop an information sharing protocol between health, police and social care.",
        "An information sharing agreement should be developed between police, health and "
        "social care.",
    ),
    (
        "Mental health services should ask patients about domestic abuse as part of assessments.",
        "Domestic abuse enquiry should form part of mental health service assessments of patients.",
    ),
    (
        "Substance misuse services should screen clients for domestic abuse.",
        "Drug and alcohol services to screen all their clients for domestic abuse.",
    ),
    (
        "Housing providers should be trained to identify domestic abuse among tenants.",
        "Training for housing officers on identifying domestic abuse affecting tenants.",
    ),
    (
        "The partnership should run a campaign to raise awareness of adult family violence.",
        "An awareness campaign on adult family violence should be delivered by the partnership.",
    ),
    (
        "Practitioners should show professional curiosity and not accept explanations at face "
        "value.",
        "Professional curiosity: staff should not take explanations of injuries at face value.",
    ),
    (
        "Review the MARAC operating protocol and referral process.",
        "A review of the MARAC procedures and referral pathway should be carried out.",
    ),
    (
        "Safeguarding adults referrals should consider domestic abuse for victims with care and "
        "support needs.",
        "Adults with care and support needs experiencing domestic abuse should be considered "
        "for safeguarding adults referrals.",
    ),
    (
        "Children's social care should consider the impact of domestic abuse on children in the "
        "household.",
        "The impact on children living in households where domestic abuse occurs should be "
        "considered by children's social care.",
    ),
    (
        "Agencies should record the victim's ethnicity, language and disability to inform support.",
        "Records should capture victims' disability, language and ethnicity so support can be "
        "tailored.",
    ),
    (
        "Interpreters should be used rather than family members when speaking to victims.",
        "Victims must be spoken to using professional interpreters, never family members.",
    ),
    (
        "Victims should be seen alone when asked about domestic abuse.",
        "Ask about domestic abuse only when the victim is seen on their own, alone.",
    ),
    (
        "Probation should inform partner agencies of perpetrators' history of domestic abuse on "
        "release.",
        "On a perpetrator's release, probation should share his domestic abuse history with "
        "partner agencies.",
    ),
    (
        "Ensure a specialist domestic abuse advocate (IDVA) is based in the hospital.",
        "A hospital-based IDVA should be put in place.",
    ),
    (
        "Stalking should be considered as part of risk assessments.",
        "Risk assessments should include consideration of stalking behaviours.",
    ),
    (
        "Suicide risk following domestic abuse should be included in suicide prevention "
        "strategies.",
        "The suicide prevention strategy should address domestic abuse as a risk factor for "
        "suicide.",
    ),
    (
        "Economic abuse should be included in domestic abuse training for bank and advice staff.",
        "Training on economic abuse for advice workers and bank staff.",
    ),
    (
        "Develop guidance for practitioners on responding to disclosures from older victims.",
        "Guidance on handling disclosures by older victims of domestic abuse should be developed "
        "for practitioners.",
    ),
    (
        "Non-fatal strangulation should be recognised as a high risk indicator by all agencies.",
        "All agencies should treat non-fatal strangulation as an indicator of high risk.",
    ),
    (
        "Carers' assessments should explore whether the carer is experiencing abuse.",
        "Where a carer's assessment is done, it should explore abuse experienced by the carer.",
    ),
]

# Different lessons, many sharing the generic words every action plan uses.
DIFFERENT_LESSON: list[tuple[str, str]] = [
    (
        "Agencies should review their training on coercive control.",
        "Agencies should review their training on information sharing.",
    ),
    (
        "Agencies should review their training.",
        "Agencies should review their policies.",
    ),
    (
        "All high-risk cases should be referred to MARAC.",
        "All staff should complete domestic abuse training.",
    ),
    (
        "Health services should introduce routine enquiry about domestic abuse.",
        "Housing services should introduce a domestic abuse policy for tenants.",
    ),
    (
        "The partnership should run a campaign about adult family violence.",
        "The partnership should review the MARAC operating protocol.",
    ),
    (
        "Police should complete a DASH risk assessment at every incident.",
        "Police should review their call handling procedures.",
    ),
    (
        "GPs should be trained to recognise domestic abuse in older people.",
        "GPs should record the ethnicity and language of their patients.",
    ),
    (
        "Develop an information sharing protocol between health and police.",
        "Develop a housing pathway for victims fleeing domestic abuse.",
    ),
    (
        "Professional interpreters should be used with victims.",
        "Professional curiosity should be used with victims.",
    ),
    (
        "Agencies should ensure staff receive regular supervision.",
        "Agencies should ensure staff receive training on stalking.",
    ),
    (
        "The safeguarding adults board should audit self-neglect cases.",
        "The safeguarding children partnership should audit cases of missing children.",
    ),
    (
        "Review the MARAC referral process.",
        "Review the Clare's Law disclosure process.",
    ),
    (
        "Children's social care should consider the impact of domestic abuse on children.",
        "Adult social care should consider the needs of carers.",
    ),
    (
        "The suicide prevention strategy should address domestic abuse.",
        "The communication strategy should include adult family violence.",
    ),
    (
        "The hospital should have an IDVA.",
        "The hospital should have a safeguarding lead for learning disabilities.",
    ),
    (
        "Agencies should share the lessons from this review with their staff.",
        "Agencies should share information about perpetrators with MARAC.",
    ),
    (
        "Training on economic abuse for bank staff.",
        "Training on honour based abuse for school staff.",
    ),
    (
        "Non-fatal strangulation should be recognised as a high risk indicator.",
        "Pregnancy should be recognised as a time of increased risk.",
    ),
    (
        "Victims should be seen alone when asked about domestic abuse.",
        "Perpetrators should be referred to behaviour change programmes.",
    ),
    (
        "The partnership should monitor the action plan through its board.",
        "The partnership should commission a specialist service for older victims.",
    ),
    (
        "Agencies should update their record keeping policies.",
        "Agencies should update their lone working policies.",
    ),
    (
        "Substance misuse services should screen for domestic abuse.",
        "Substance misuse services should offer out of hours appointments.",
    ),
    (
        "Staff should be trained in the use of the DASH risk assessment.",
        "Staff should be trained in the use of the Mental Capacity Act.",
    ),
    (
        "Agencies should review their training.",
        "Training on coercive control should be given to all frontline staff.",
    ),
]
