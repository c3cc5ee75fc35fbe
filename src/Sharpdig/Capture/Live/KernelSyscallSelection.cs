using Sharpdig.Events;
using Sharpdig.Filtering;

namespace Sharpdig.Capture.Live;

/// <summary>
/// Decides which syscalls the kernel program needs to report for a filter: when the filter can only
/// match some event types (`evt.type=open and ...`, `evt.type in (connect, accept)`), the others are
/// not worth copying out of the kernel, except the ones that keep the process/fd state right
/// (clone, execve, open, close, dup, socket, ...). The tracepoint events (switch, signaldeliver,
/// page_fault) are asked for by name too, and kept only when the filter names them. Any other filter
/// shape selects everything.
/// </summary>
internal static class KernelSyscallSelection
{
    /// <summary>A predicate over syscall names, or null when every syscall is needed.</summary>
    public static Func<string, bool>? FromFilter(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter)) return null;
        GroupNode root;
        try { root = FilterParser.Parse(filter); }
        catch (FilterSyntaxException) { return null; }   // the CLI reports the syntax error itself
        var types = RequiredTypes(root);
        if (types is null) return FromPossibleTypes(root, filter);
        return name =>
        {
            if (TracepointEvents.IsTracepointEvent(name)) return types.Contains(name);
            var recipe = SyscallRecipes.Get(SyscallRecipes.NrOf(name));
            if (recipe is null) return true;
            if (recipe.IsGeneric) return types.Contains(name);
            var enter = EventTable.Get(recipe.EnterEvent);
            var exit = EventTable.Get(recipe.ExitEvent);
            const EventFlags state = EventFlags.ModifiesState | EventFlags.CreatesFd | EventFlags.DestroysFd;
            return types.Contains(enter.Name) || (enter.Flags & state) != 0 || (exit.Flags & state) != 0;
        };
    }

    // Other filters may still rule out event types through checks that depend on the type alone
    // (evt.is_io=true, evt.dir=<, not evt.type=switch ...): the filter compiler works those out.
    private static Func<string, bool>? FromPossibleTypes(GroupNode root, string filter)
    {
        bool[]? possible;
        try { possible = FilterCompiler.PossibleTypes(root, filter); }
        catch (FilterSyntaxException) { return null; }
        if (possible is null) return null;
        const EventFlags state = EventFlags.ModifiesState | EventFlags.CreatesFd | EventFlags.DestroysFd;
        return name =>
        {
            var recipe = TracepointEvents.ByName(name) ?? SyscallRecipes.Get(SyscallRecipes.NrOf(name));
            if (recipe is null || recipe.IsGeneric) return true;
            if (possible[recipe.EnterEvent] || possible[recipe.ExitEvent]) return true;
            return !TracepointEvents.IsTracepointEvent(name)
                && ((EventTable.Get(recipe.EnterEvent).Flags & state) != 0 || (EventTable.Get(recipe.ExitEvent).Flags & state) != 0);
        };
    }

    /// <summary>The event types a group can match, if a top-level conjunct restricts them.</summary>
    private static HashSet<string>? RequiredTypes(GroupNode group)
    {
        if (group.Items.Count == 0) return null;
        bool conjunction = group.Items.Skip(1).All(i => i.Op == BoolOp.And) && group.Items[0].Op == BoolOp.None;
        if (!conjunction)
        {
            // (evt.type=a or evt.type=b ...): a union of restrictions
            if (group.Items[0].Op != BoolOp.None || group.Items.Skip(1).Any(i => i.Op != BoolOp.Or)) return null;
            var union = new HashSet<string>();
            foreach (var (_, node) in group.Items)
            {
                var t = TypesOf(node);
                if (t is null) return null;
                union.UnionWith(t);
            }
            return union;
        }
        foreach (var (_, node) in group.Items)
            if (TypesOf(node) is { } t) return t;
        return null;
    }

    private static HashSet<string>? TypesOf(FilterNode node) => node switch
    {
        CheckNode { Field: "evt.type", Op: CompareOp.Equal or CompareOp.In } c => [.. c.Values],
        GroupNode g => RequiredTypes(g),
        _ => null,
    };
}
