namespace Sharpdig.Filtering;

/// <summary>
/// A filter that does not parse or compile; <see cref="Position"/> is the offset where it went wrong.
/// The message names that position as sysdig does, except for the few errors sysdig reports
/// without one (<paramref name="withPosition"/> false).
/// </summary>
public sealed class FilterSyntaxException(int position, string message, bool withPosition = true)
    : Exception(withPosition ? $"filter error at position {position}: {message}" : message)
{
    public int Position { get; } = position;
    public string Detail { get; } = message;
}
