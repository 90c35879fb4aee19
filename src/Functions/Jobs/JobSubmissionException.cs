using Nst.Engine;

namespace Nst.Functions.Jobs;

/// <summary>A job a user asked for cannot be made as asked: <see cref="Code"/> (see <see cref="JobErrorCodes"/>) and one line.</summary>
public sealed class JobSubmissionException : NstException
{
    public JobSubmissionException(string code, string message) : base(message) => Code = code;

    public JobSubmissionException(string code, string message, Exception inner) : base(message, inner) => Code = code;

    public JobSubmissionException() : this(JobErrorCodes.InvalidOptions, "The job is not valid.") { }

    public JobSubmissionException(string message) : this(JobErrorCodes.InvalidOptions, message) { }

    public JobSubmissionException(string message, Exception inner) : this(JobErrorCodes.InvalidOptions, message, inner) { }

    public string Code { get; }

    public JobError ToError() => new(Code, Message);
}
