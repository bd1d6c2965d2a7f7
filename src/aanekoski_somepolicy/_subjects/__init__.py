"""The records the engine evaluates, one module per subject type."""

from .._policy.catalog import SubjectType
from ._base import ScopeBasis, SubjectModel
from .advice import Advice, AdviceKind
from .directory_account import DirectoryAccount
from .page import PageRegistration
from .person import Person
from .photo import DepictedPerson, PhotoPublication
from .profile import Profile
from .publication import Audience, Classification, Publication
from .registration import PASSWORD_INPUT_MAX, AccountRegistration, Purpose, parse_purpose
from .response import IncorrectInfoResponse, ResponseAction
from .usage import WorkingHours, WorkingTimeUse

__all__ = [
    "PASSWORD_INPUT_MAX",
    "SUBJECT_MODELS",
    "AccountRegistration",
    "Advice",
    "AdviceKind",
    "Audience",
    "Classification",
    "DepictedPerson",
    "DirectoryAccount",
    "IncorrectInfoResponse",
    "PageRegistration",
    "Person",
    "PhotoPublication",
    "Profile",
    "Publication",
    "Purpose",
    "ResponseAction",
    "ScopeBasis",
    "SubjectModel",
    "WorkingHours",
    "WorkingTimeUse",
    "parse_purpose",
]

SUBJECT_MODELS: dict[SubjectType, type[SubjectModel]] = {
    SubjectType.PERSON: Person,
    SubjectType.ACCOUNT_REGISTRATION: AccountRegistration,
    SubjectType.PUBLICATION: Publication,
    SubjectType.ADVICE: Advice,
    SubjectType.PHOTO: PhotoPublication,
    SubjectType.PROFILE: Profile,
    SubjectType.WORKING_TIME_USE: WorkingTimeUse,
    SubjectType.INCORRECT_INFO_RESPONSE: IncorrectInfoResponse,
    SubjectType.PAGE: PageRegistration,
    SubjectType.DIRECTORY_ACCOUNT: DirectoryAccount,
}
