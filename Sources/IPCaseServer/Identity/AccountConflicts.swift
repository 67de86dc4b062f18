import IPCaseDomain

/// The 409 answers for what the identity stores refuse to write: the stores throw their own small
/// errors, and the endpoints say them this way, naming the field that clashes.
extension Problem {
    static let emailTaken = Problem.conflict(
        ProblemDetail.emailTaken, errors: [FieldError("email", FieldMessage.alreadyRegistered)])

    static func emailConfusable(_ existing: String) -> Problem {
        Problem.conflict(ProblemDetail.emailTaken, errors: [FieldError("email", FieldMessage.confusableWith(existing))])
    }

    static let creditCodeTaken = Problem.conflict(
        ProblemDetail.creditCodeTaken, errors: [FieldError("creditCode", FieldMessage.alreadyRegistered)])
}
