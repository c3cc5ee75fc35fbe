using Sharpdig.Events;
using Sharpdig.State;

namespace Sharpdig.Filtering;

/// <summary>
/// Works out, once per filter, which event types can possibly pass it, so that every other event is
/// rejected by one table lookup before any field is read. Chisel filters such as
/// "fd.type=file and evt.is_io=true" skip the fd lookup for the 95% of events that are not I/O.
///
/// Only checks on fields whose value depends on the event type alone take part; their verdict per
/// type comes from running the compiled check itself on a bare event of each type, so the
/// prefilter cannot disagree with the check. Every other check may be true or false for any type.
/// The sets combine along sysdig's left-to-right evaluation of a group.
/// </summary>
internal static class EventTypePrefilter
{
    // Fields computed from the event's schema entry only (generic syscall events are the exception
    // for evt.type, whose name comes from a parameter: those two codes are never ruled out).
    private static readonly HashSet<string> TypeOnlyFields =
        ["evt.type", "evt.dir", "evt.is_io", "evt.is_io_read", "evt.is_io_write", "evt.is_wait"];

    /// <summary>For each type, whether the check may be true and whether it may be false (null: any type).</summary>
    private readonly record struct Outcomes(bool[]? MayBeTrue, bool[]? MayBeFalse)
    {
        public static readonly Outcomes Unknown = new(null, null);
        public Outcomes Not() => new(MayBeFalse, MayBeTrue);
    }

    /// <summary>The types for which the filter may hold, or null when it may hold for every type.</summary>
    public static bool[]? PossibleTypes(GroupNode root, Func<CheckNode, Func<EventContext, bool>> compileCheck) =>
        Verdicts(root, compileCheck).Possible;

    /// <summary>
    /// The types for which the filter may hold (null: every type), and, when every check of the filter
    /// reads only the event type, the types for which it surely holds (null: none, or other checks).
    /// Only then may a caller skip running the filter on those types: other checks can keep state
    /// as they run (thread.cpu, latencies), so they must run whenever sysdig would run them.
    /// </summary>
    public static (bool[]? Possible, bool[]? Certain) Verdicts(GroupNode root, Func<CheckNode, Func<EventContext, bool>> compileCheck)
    {
        var outcomes = Group(root, compileCheck);
        var may = outcomes.MayBeTrue;
        bool[]? possible = may is null || Array.TrueForAll(may, b => b) ? null : may;
        bool[]? certain = null;
        if (may is not null && outcomes.MayBeFalse is { } mayFalse && OnlyTypeChecks(root))
        {
            certain = new bool[may.Length];
            for (int i = 0; i < may.Length; i++) certain[i] = may[i] && !mayFalse[i];
            if (!Array.Exists(certain, b => b)) certain = null;
        }
        return (possible, certain);
    }

    /// <summary>Whether every check of the filter reads the event type only.</summary>
    internal static bool OnlyTypeChecks(FilterNode node) => node switch
    {
        GroupNode g => g.Items.All(i => OnlyTypeChecks(i.Node)),
        CheckNode c => TypeOnlyFields.Contains(c.Field),
        _ => false,
    };

    private static Outcomes Node(FilterNode node, Func<CheckNode, Func<EventContext, bool>> compileCheck) => node switch
    {
        GroupNode g => Group(g, compileCheck),
        CheckNode c => Check(c, compileCheck),
        _ => Outcomes.Unknown,
    };

    // Mirrors FilterCompiler.CompileGroup: a leading 'not' negates the first node, later nodes
    // join with and/or (possibly negated), and a join that is neither is ignored.
    private static Outcomes Group(GroupNode g, Func<CheckNode, Func<EventContext, bool>> compileCheck)
    {
        var items = g.Items;
        if (items.Count == 0) return Outcomes.Unknown;
        var result = Node(items[0].Node, compileCheck);
        if (items[0].Op == BoolOp.Not) result = result.Not();
        for (int i = 1; i < items.Count; i++)
        {
            var op = items[i].Op;
            if ((op & (BoolOp.And | BoolOp.Or)) == 0) continue;
            var next = Node(items[i].Node, compileCheck);
            if ((op & BoolOp.Not) != 0) next = next.Not();
            result = (op & BoolOp.And) != 0
                ? new(And(result.MayBeTrue, next.MayBeTrue), Or(result.MayBeFalse, next.MayBeFalse))
                : new(Or(result.MayBeTrue, next.MayBeTrue), And(result.MayBeFalse, next.MayBeFalse));
        }
        return result;
    }

    private static Outcomes Check(CheckNode c, Func<CheckNode, Func<EventContext, bool>> compileCheck)
    {
        if (!TypeOnlyFields.Contains(c.Field)) return Outcomes.Unknown;
        var check = compileCheck(c);
        var mayTrue = new bool[EventTable.Count];
        var mayFalse = new bool[EventTable.Count];
        var record = new EventRecord();
        var ctx = new EventContext { Record = record, State = new SystemState() };
        var bare = new byte[EventRecord.HeaderSize];
        for (int type = 0; type < mayTrue.Length; type++)
        {
            if (type is EventTable.Codes.GenericE or EventTable.Codes.GenericX) { mayTrue[type] = mayFalse[type] = true; continue; }
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bare.AsSpan(16), (uint)bare.Length);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bare.AsSpan(20), (ushort)type);
            record.Load(bare, 0, bare.Length, 0, 0);
            bool verdict;
            try { verdict = check(ctx); }
            catch (Exception) { return Outcomes.Unknown; }   // not decidable from the type: leave it to the check
            mayTrue[type] = verdict;
            mayFalse[type] = !verdict;
        }
        return new(mayTrue, mayFalse);
    }

    private static bool[]? And(bool[]? a, bool[]? b)
    {
        if (a is null) return b;
        if (b is null) return a;
        var r = new bool[a.Length];
        for (int i = 0; i < r.Length; i++) r[i] = a[i] && b[i];
        return r;
    }

    private static bool[]? Or(bool[]? a, bool[]? b)
    {
        if (a is null || b is null) return null;
        var r = new bool[a.Length];
        for (int i = 0; i < r.Length; i++) r[i] = a[i] || b[i];
        return r;
    }
}
