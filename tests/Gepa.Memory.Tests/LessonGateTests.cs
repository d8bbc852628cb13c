using Microsoft.Extensions.AI;

namespace Gepa.Memory.Tests;

public sealed class LessonGateTests
{
    private static readonly string Prompt = LessonPrompt.AddLessons("Improve this:\n<curr_param>\n\nExamples:\n<side_info>\n\nWrite the new text.", [new RetrievedLesson { Lesson = new Lesson { Id = 4, Text = "Give weights in kilograms." } }])
        .Replace("<curr_param>", "Answer.", StringComparison.Ordinal).Replace("<side_info>", "case 1", StringComparison.Ordinal);

    private static async Task<string> AskAsync(IChatClient client, ScriptedChatClient inner, string prompt)
    {
        _ = await client.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], cancellationToken: TestContext.Current.CancellationToken);
        return inner.Prompts[^1];
    }

    // One proposal as the engine reports it: the prompt it built, then the child's fate.
    private static async Task ProposeAsync(LessonGate gate, GepaOptions options, IChatClient client, ScriptedChatClient inner, int id, bool win)
    {
        _ = await AskAsync(client, inner, Prompt);
        await options.Callbacks.OnProposalEnd.InvokeAsync(new ProposalEndArgs(id, 0, new Dictionary<string, string>(), new Dictionary<string, string> { ["c"] = Prompt }, new Dictionary<string, string>(), id));
        if (win)
        {
            await options.Callbacks.OnCandidateAccepted.InvokeAsync(new CandidateAcceptedArgs(id, id, 0.5 + (id * 0.001), 1, 2, [0], id));
        }
        else
        {
            await options.Callbacks.OnCandidateRejected.InvokeAsync(new CandidateRejectedArgs(id, 1, 1, "not better", id));
        }
    }

    [Fact]
    public async Task Wrap_PromptWithoutLessons_PassesThroughAndDecidesNothing()
    {
        var inner = new ScriptedChatClient("a");
        var gate = new LessonGate(1);

        var sent = await AskAsync(gate.Wrap(inner), inner, "Improve this: Answer.");

        Assert.Equal("Improve this: Answer.", sent);
        Assert.Equal((0, 0), gate.Decisions);
    }

    [Fact]
    public async Task Wrap_PromptWithLessons_SentWithThemOrWithoutTheirSection()
    {
        var inner = new ScriptedChatClient([.. Enumerable.Repeat("a", 40)]);
        var gate = new LessonGate(3);
        var client = gate.Wrap(inner);

        var sent = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            sent.Add(await AskAsync(client, inner, Prompt));
        }

        Assert.Equal(40, gate.Decisions.Decided);
        Assert.Equal(gate.Decisions.Shown, sent.Count(s => s == Prompt));
        Assert.Equal(40 - gate.Decisions.Shown, sent.Count(s => s == LessonPrompt.RemoveLessons(Prompt)));
        Assert.InRange(gate.Decisions.Shown, 1, 39);
    }

    [Fact]
    public async Task Decide_SameSeed_SameDecisions()
    {
        async Task<List<string>> RunAsync(int seed)
        {
            var inner = new ScriptedChatClient([.. Enumerable.Repeat("a", 30)]);
            var client = new LessonGate(seed).Wrap(inner);
            for (var i = 0; i < 30; i++)
            {
                _ = await AskAsync(client, inner, Prompt);
            }

            return inner.Prompts;
        }

        Assert.Equal(await RunAsync(5), await RunAsync(5));
        Assert.NotEqual(await RunAsync(5), await RunAsync(6));
    }

    [Fact]
    public async Task Attach_LessonsLoseWhereTheirAbsenceWins_StopsShowingThem()
    {
        var options = new GepaOptions();
        var gate = new LessonGate(7);
        gate.Attach(options);
        var inner = new ScriptedChatClient([.. Enumerable.Repeat("a", 200)]);
        var client = gate.Wrap(inner);

        for (var id = 1; id <= 200; id++)
        {
            var before = gate.Decisions.Shown;
            _ = await AskAsync(client, inner, Prompt);
            var shown = gate.Decisions.Shown > before;
            await options.Callbacks.OnProposalEnd.InvokeAsync(new ProposalEndArgs(id, 0, new Dictionary<string, string>(), new Dictionary<string, string> { ["c"] = Prompt }, new Dictionary<string, string>(), id));
            if (shown)
            {
                await options.Callbacks.OnCandidateRejected.InvokeAsync(new CandidateRejectedArgs(id, 1, 1, "not better", id));
            }
            else
            {
                await options.Callbacks.OnCandidateAccepted.InvokeAsync(new CandidateAcceptedArgs(id, id, id, 1, 2, [0], id));
            }
        }

        Assert.Equal(gate.Decisions.Shown, gate.ShownLosses);
        Assert.Equal(200 - gate.Decisions.Shown, gate.HiddenWins);
        Assert.True(gate.Decisions.Shown < 20, $"shown {gate.Decisions.Shown} of 200");
    }

    [Fact]
    public async Task Attach_AcceptedChildNotAboveItsParentsValidation_CountsAsLoss()
    {
        var options = new GepaOptions();
        var gate = new LessonGate(2);
        gate.Attach(options);
        var inner = new ScriptedChatClient([.. Enumerable.Repeat("a", 10)]);
        var client = gate.Wrap(inner);
        await options.Callbacks.OnValsetEvaluated.InvokeAsync(new ValsetEvaluatedArgs(0, 0, 0.9, true, new Dictionary<int, double>()));

        for (var id = 1; id <= 10; id++)
        {
            await ProposeAsync(gate, options, client, inner, id, win: true);
        }

        Assert.Equal(0, gate.ShownWins + gate.HiddenWins);
        Assert.Equal(10, gate.ShownLosses + gate.HiddenLosses);
    }

    [Fact]
    public async Task RestoreState_SavedMidRunWithAProposalAwaitingItsVerdict_DecidesAsTheUninterruptedGate()
    {
        // Who wins depends on the proposal's id: both arms have wins and losses, so the counts matter to the draws.
        static bool Wins(int id) => id % 3 == 0;
        var uninterrupted = new GepaOptions();
        var gate = new LessonGate(11);
        gate.Attach(uninterrupted);
        var inner = new ScriptedChatClient([.. Enumerable.Repeat("a", 40)]);
        var client = gate.Wrap(inner);
        await uninterrupted.Callbacks.OnValsetEvaluated.InvokeAsync(new ValsetEvaluatedArgs(0, 0, 0.4, true, new Dictionary<int, double>()));
        for (var id = 1; id <= 12; id++)
        {
            await ProposeAsync(gate, uninterrupted, client, inner, id, Wins(id));
        }

        // Proposal 13 has ended but its child has no verdict yet when the state is saved.
        _ = await AskAsync(client, inner, Prompt);
        await uninterrupted.Callbacks.OnProposalEnd.InvokeAsync(new ProposalEndArgs(13, 0, new Dictionary<string, string>(), new Dictionary<string, string> { ["c"] = Prompt }, new Dictionary<string, string>(), 13));
        var saved = gate.SaveState();
        var restoredOptions = new GepaOptions();
        var restored = new LessonGate(11);
        restored.Attach(restoredOptions);
        restored.RestoreState(saved);
        var restoredInner = new ScriptedChatClient([.. Enumerable.Repeat("a", 40)]);
        var restoredClient = restored.Wrap(restoredInner);

        Assert.Equal(saved.GetRawText(), restored.SaveState().GetRawText());
        Assert.Equal(gate.Draws, restored.Draws);
        Assert.True(gate.Draws > 0);
        foreach (var options in new[] { uninterrupted, restoredOptions })
        {
            await options.Callbacks.OnCandidateRejected.InvokeAsync(new CandidateRejectedArgs(13, 1, 1, "not better", 13));
        }

        for (var id = 14; id <= 30; id++)
        {
            await ProposeAsync(gate, uninterrupted, client, inner, id, Wins(id));
            await ProposeAsync(restored, restoredOptions, restoredClient, restoredInner, id, Wins(id));
        }

        Assert.Equal(inner.Prompts[13..], restoredInner.Prompts);
        Assert.Contains(Prompt, restoredInner.Prompts);
        Assert.Contains(LessonPrompt.RemoveLessons(Prompt), restoredInner.Prompts);
        Assert.Equal((gate.ShownWins, gate.ShownLosses, gate.HiddenWins, gate.HiddenLosses), (restored.ShownWins, restored.ShownLosses, restored.HiddenWins, restored.HiddenLosses));
        Assert.Equal(gate.Decisions, restored.Decisions);
    }

    [Fact]
    public void SaveState_FreshGate_HoldsNoPromptText()
    {
        var state = new LessonGate(1).SaveState();

        Assert.Equal(0, state.GetProperty("draws").GetInt64());
        Assert.Empty(state.GetProperty("prompts").EnumerateObject());
    }

    [Fact]
    public void RestoreState_NotAGateState_FormatException()
    {
        using var document = System.Text.Json.JsonDocument.Parse("""{"draws": 3}""");

        Assert.Throws<FormatException>(() => new LessonGate(1).RestoreState(document.RootElement));
    }

    [Fact]
    public async Task Decide_PromptsArrivingInAnotherOrder_SameDecisionForEachPrompt()
    {
        // An iteration's concurrent proposals reach the gate in any order, before any of their verdicts.
        var prompts = Enumerable.Range(1, 12).Select(i => Prompt.Replace("case 1", "case " + i, StringComparison.Ordinal)).ToList();
        async Task<Dictionary<string, bool>> DecideAllAsync(IEnumerable<string> order)
        {
            var inner = new ScriptedChatClient([.. Enumerable.Repeat("a", prompts.Count)]);
            var client = new LessonGate(9).Wrap(inner);
            var shown = new Dictionary<string, bool>();
            foreach (var prompt in order)
            {
                shown[prompt] = await AskAsync(client, inner, prompt) == prompt;
            }

            return shown;
        }

        var forward = await DecideAllAsync(prompts);
        var backward = await DecideAllAsync(Enumerable.Reverse(prompts));

        Assert.All(prompts, p => Assert.Equal(forward[p], backward[p]));
        Assert.Contains(true, forward.Values);
        Assert.Contains(false, forward.Values);
    }
}
