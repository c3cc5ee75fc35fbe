using Sharpdig.State;

namespace Sharpdig.Fields;

/// <summary>Appends rendered text for the current event; false when there is nothing to render.</summary>
public delegate bool RenderParamText(EventContext ctx, int paramIndex, TextBuffer output);
public delegate bool RenderEventText(EventContext ctx, TextBuffer output);

/// <summary>
/// Where the text renderings of parameters come from (evt.arg, evt.args, evt.info, evt.res): the
/// parameter renderer of the Formatting layer, which the command line wires in at start-up. Kept as
/// hooks so that Fields does not depend on how the default output line is built.
/// </summary>
/// <remarks>
/// The hooks belong to the thread that installed them (a run installs them on the thread that
/// then reads the events), so runs made side by side in one process (tests) do not share them.
/// </remarks>
public static class EventTextHooks
{
    [ThreadStatic] private static RenderParamText? t_renderParam;
    [ThreadStatic] private static RenderEventText? t_renderArgs;
    [ThreadStatic] private static RenderEventText? t_renderInfo;

    /// <summary>One parameter as the default output shows it after "name=".</summary>
    public static RenderParamText? RenderParam { get => t_renderParam; set => t_renderParam = value; }
    /// <summary>All parameters as "name=value " pairs (evt.args).</summary>
    public static RenderEventText? RenderArgs { get => t_renderArgs; set => t_renderArgs = value; }
    /// <summary>evt.info: like evt.args, or a decoded summary for a few events.</summary>
    public static RenderEventText? RenderInfo { get => t_renderInfo; set => t_renderInfo = value; }
}
