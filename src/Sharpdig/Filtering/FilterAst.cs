namespace Sharpdig.Filtering;

/// <summary>How a node joins the result of the nodes before it in its group (sysdig's boolop).</summary>
[Flags]
public enum BoolOp : byte
{
    None = 0, Not = 1, And = 2, AndNot = And | Not, Or = 4, OrNot = Or | Not,
}

public enum CompareOp : byte
{
    Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual, Contains, IContains, StartsWith, EndsWith,
    Glob, In, Intersects, PMatch, Exists,
}

/// <summary>A parsed filter. Every node remembers where it started in the filter text.</summary>
public abstract record FilterNode(int Position);

/// <summary>
/// A sequence of nodes, each joined to the running result by its own <see cref="BoolOp"/>: this is
/// how sysdig 0.29.3 represents a parenthesised group (and the whole filter), evaluated left to right.
/// </summary>
public sealed record GroupNode(int Position, IReadOnlyList<(BoolOp Op, FilterNode Node)> Items) : FilterNode(Position);

/// <summary>One comparison: FIELD OP VALUE(S), e.g. fd.name contains /etc or evt.type in (open, close).</summary>
public sealed record CheckNode(int Position, string Field, CompareOp Op, IReadOnlyList<string> Values) : FilterNode(Position)
{
    /// <summary>Where the check ends in the filter text (sysdig reports bad values there).</summary>
    public int End { get; init; } = -1;
}
