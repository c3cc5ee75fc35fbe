namespace Sharpdig.Filtering;

/// <summary>A filter that does not parse or compile; <see cref="Position"/> is the offset where it went wrong.</summary>
public sealed class FilterSyntaxException(int position, string message)
    : Exception($"filter error at position {position}: {message}")
{
    public int Position { get; } = position;
    public string Detail { get; } = message;
}
