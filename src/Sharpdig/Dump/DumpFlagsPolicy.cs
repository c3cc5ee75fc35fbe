using Sharpdig.Events;
using Sharpdig.State;

namespace Sharpdig.Dump;

/// <summary>
/// Which events a filtered capture keeps, as sysdig 0.29.3 decides it (sinsp_evt::get_dump_flags):
///  - an event that passed the filter is written as it is;
///  - a filtered-out event is dropped, except internal ones (container and other metadata events),
///    which are always written;
///  - with -F (fatfile), a filtered-out event that modifies state (clone, execve, open, close,
///    socket, ...: the EF_MODIFIES_STATE flag) is written as a state-only event (an EVF block with
///    flag 1), which readers apply to their state but never show.
/// State-only events read from a fatfile count as filtered out, so without -F they are dropped too.
/// </summary>
public static class DumpFlagsPolicy
{
    public const uint StateOnly = 1;

    /// <summary>Returns false when the event is not written; otherwise the dump flags to store.</summary>
    public static bool ShouldWrite(EventContext ctx, bool fatFile, out uint dumpFlags)
    {
        dumpFlags = 0;
        if (!ctx.IsFilteredOut) return true;
        var info = ctx.Record.Info;
        if (fatFile && (info.Flags & EventFlags.ModifiesState) != 0)
        {
            dumpFlags = StateOnly;
            return true;
        }
        return (info.Category & EventCategory.Internal) != 0;
    }
}
