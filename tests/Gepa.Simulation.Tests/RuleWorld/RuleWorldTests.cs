using System.Globalization;
using System.Text.Json;
using Gepa.Simulation;
using Microsoft.Extensions.AI;
using Xunit;
using World = Gepa.Simulation.RuleWorld;

namespace Gepa.Tests.Simulation;

public class RuleWorldTests
{
    [Theory]
    [InlineData("instance")]
    [InlineData("task")]
    [InlineData("evaluate")]
    [InlineData("reflect")]
    public void Vectors_EveryLineOfKind_AnsweredByteForByte(string kind)
    {
        var vectors = RuleWorldVectors.OfKind(kind).ToList();
        Assert.NotEmpty(vectors);
        var mismatches = new List<string>();
        foreach (var vector in vectors)
        {
            var world = RuleWorldVectors.WorldFor(vector);
            var (expected, actual) = kind switch
            {
                "instance" => InstanceCase(world, vector),
                "task" => (vector.Str("reply"), world.TaskReply(RuleWorldVectors.Messages(vector.Line))),
                "evaluate" => EvaluateCase(world, vector),
                "reflect" => (vector.Str("reply"), world.ReflectReply(vector.Str("prompt"))),
                _ => throw new InvalidOperationException(kind),
            };
            if (!string.Equals(expected, actual, StringComparison.Ordinal))
            {
                mismatches.Add($"{vector.Where} (world: {vector.WorldKey}):\n  expected {JsonSerializer.Serialize(expected)}\n  actual   {JsonSerializer.Serialize(actual)}");
            }
        }

        Assert.True(
            mismatches.Count == 0,
            $"{mismatches.Count} of {vectors.Count} '{kind}' vectors differ; the first ones:\n{string.Join("\n", mismatches.Take(5))}");
    }

    [Fact]
    public void Vectors_CoverEveryKindAndSeveralWorlds()
    {
        Assert.Equal(["evaluate", "evaluate-repeat", "instance", "reflect", "task"], RuleWorldVectors.All.Select(v => v.Kind).Distinct().Order(StringComparer.Ordinal));
        Assert.True(RuleWorldVectors.All.Select(v => v.WorldKey).Distinct().Count() >= 3);
        Assert.Equal(534, RuleWorldVectors.All.Count(v => v.File == "vectors.jsonl"));
        Assert.Equal(176, RuleWorldVectors.All.Count(v => v.File == "edge-vectors.jsonl"));
        Assert.Equal(670, RuleWorldVectors.All.Count(v => v.File == "limited-vectors.jsonl"));
    }

    [Fact]
    public void Vectors_EvaluateRepeat_EveryRepeatScoredAsTheRestatement()
    {
        var vectors = RuleWorldVectors.OfKind("evaluate-repeat").ToList();
        Assert.NotEmpty(vectors);
        foreach (var vector in vectors)
        {
            // A fresh world: a noisy metric's answer depends on how often the same reply was scored before.
            var world = RuleWorldVectors.FreshWorldFor(vector);
            Assert.True(world.TryGetExample(vector.Str("id"), out var example), vector.Where);
            var responses = vector.Line.GetProperty("responses").EnumerateArray().Select(r => r.GetString()!).ToList();
            var scores = vector.Line.GetProperty("scores").EnumerateArray().Select(r => r.GetDouble()).ToList();
            var feedbacks = vector.Line.GetProperty("feedbacks").EnumerateArray().Select(r => r.GetString()!).ToList();
            for (var i = 0; i < responses.Count; i++)
            {
                var evaluation = world.Evaluate(example, responses[i]);
                Assert.True(scores[i] == evaluation.Score && feedbacks[i] == evaluation.Feedback, $"{vector.Where}, call {i}: expected {scores[i]} '{feedbacks[i]}', got {evaluation.Score} '{evaluation.Feedback}'");
            }
        }
    }

    [Fact]
    public void Evaluate_MetricFlip_SameReplyScoresDifferentlyOnSomeRepeat()
    {
        var world = new World(new RuleWorldOptions { MetricFlip = 0.3 });
        var example = world.Valset[0];
        var reply = "Rules applied: none\nAnswer: " + example.Answer;
        var scores = Enumerable.Range(0, 40).Select(_ => world.Evaluate(example, reply).Score).ToList();
        Assert.Contains(0.0, scores);
        Assert.Contains(1.0, scores);
    }

    [Fact]
    public void ReflectReply_LimitedWithLongPrompt_ReadsFewerGuidelinesThanFull()
    {
        var records = string.Concat(Enumerable.Range(0, 24).Select(j =>
            $"# Example\nIncorrect. The expected answer is ANS-000000. The response did not follow this guideline: {World.RuleTexts[j]}\n"));
        var options = new RuleWorldOptions { Forget = 0, Guess = 0, DropGrowth = 0, Mislead = 0 };
        var full = new World(options).ReflectReply(records);
        options.Reflection = RuleWorldReflection.Limited;
        var limited = new World(options).ReflectReply(records);
        Assert.Equal(25, full.Split('\n').Length - 2);
        Assert.InRange(limited.Split('\n').Length - 2, 4, 8);
    }

    [Fact]
    public void U_KnownDigests_TopBitsOfSha256OverTwoToThe53()
    {
        // SHA-256("") starts e3b0c44298fc1c14 and SHA-256("abc") starts ba7816bf8f01cfea (FIPS 180-2 test vectors).
        Assert.Equal((0xe3b0c44298fc1c14UL >> 11) / 9007199254740992.0, World.U(""));
        Assert.Equal(0.8894159948913373, World.U(""));
        Assert.Equal((0xba7816bf8f01cfeaUL >> 11) / 9007199254740992.0, World.U("abc"));
        Assert.Equal(0.7283949105904021, World.U("abc"));
    }

    [Fact]
    public void Lower_NonAsciiCharacters_AreKept()
    {
        // U+212A KELVIN SIGN and U+0130 lower-case to ASCII letters in .NET's invariant casing, not in the reference's.
        Assert.Equal("\u212Aelvin \u0130i àé\u00C0 abc-xyz", World.Lower("\u212AELVIN \u0130I àé\u00C0 ABC-XYZ"));
    }

    [Fact]
    public void TaskReply_KelvinSignInsteadOfK_DoesNotTeachTheRule()
    {
        var world = new World(new RuleWorldOptions { Noise = 0 });
        var example = AllExamples(world).First(e => e.RequiredRules.SequenceEqual([0]));

        Assert.Equal("Rules applied: none", FirstLine(world.TaskReply(BaseWith("\u212AELVIN"), example.Input)));
        Assert.Equal("Rules applied: R01\nAnswer: " + example.Answer, world.TaskReply(BaseWith("KELVIN"), example.Input));
    }

    [Fact]
    public void TaskReply_TurkishCulture_StillLowerCasesAsciiI()
    {
        var world = new World(new RuleWorldOptions { Noise = 0 });
        var example = AllExamples(world).First(e => e.RequiredRules.Contains(21)); // "tier two": upper-case I is the trap
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("tr-TR");
            Assert.Contains("R22", FirstLine(world.TaskReply(BaseWith("ESCALATE SAFETY COMPLAINTS TO TIER TWO."), example.Input)), StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Lines_SplitsOnLineFeedAndDropsOneCarriageReturn()
    {
        Assert.Equal(["a", "b\r", "c", ""], World.Lines("a\r\nb\r\r\nc\r\n"));
        Assert.Equal(["x\ry"], World.Lines("x\ry"));
    }

    [Fact]
    public void Capacity_KeepsTheRulesMentionedFirst()
    {
        var options = new RuleWorldOptions { Noise = 0, Capacity = 1 };
        var limited = new World(options);
        var unlimited = new World(new RuleWorldOptions { Noise = 0 });
        var example = limited.Trainset.First(e => e.RequiredRules.Count >= 2);
        int first = example.RequiredRules[0], second = example.RequiredRules[1];

        // The later-numbered rule is mentioned first, so with capacity 1 it is the one followed.
        var system = BaseWith(World.RuleTexts[second] + " " + World.RuleTexts[first]);

        Assert.Equal("Rules applied: " + World.RuleId(second), FirstLine(limited.TaskReply(system, example.Input)));
        Assert.Equal($"Rules applied: {World.RuleId(first)}, {World.RuleId(second)}", FirstLine(unlimited.TaskReply(system, example.Input)));
    }

    [Fact]
    public void TaskReply_TwoModules_CreditsEarlierRulesOnlyFromThePreviousReply()
    {
        var world = new World(new RuleWorldOptions { Noise = 0, Modules = 2 });
        var example = world.Trainset.First(e => e.RequiredRules.Any(j => world.ModuleOf(j) == 0) && e.RequiredRules.Any(j => world.ModuleOf(j) == 1));
        var early = example.RequiredRules.Where(j => world.ModuleOf(j) == 0).ToList();
        var late = example.RequiredRules.Where(j => world.ModuleOf(j) == 1).ToList();
        var allRules = BaseWith(string.Join(" ", example.RequiredRules.Select(j => World.RuleTexts[j])));

        // Step 1 follows only its own module's rules, even when the instructions state them all.
        var step1 = world.TaskReply(allRules, world.BuildStepUserMessage(0, example, null));
        Assert.Equal($"Rules applied: {string.Join(", ", early.Select(World.RuleId))}\nNotes: step 1 complete.", step1);

        // Step 2 takes the early rules from step 1's reply and its own from its instructions: right answer.
        var step2 = world.TaskReply(allRules, world.BuildStepUserMessage(1, example, step1));
        Assert.Equal($"Rules applied: {string.Join(", ", example.RequiredRules.Select(World.RuleId))}\nAnswer: {example.Answer}", step2);

        // Stating the early rules in step 2's own instructions does not make up for step 1 missing them.
        var step2WithoutHistory = world.TaskReply(allRules, world.BuildStepUserMessage(1, example, "Rules applied: none"));
        Assert.Equal($"Rules applied: {string.Join(", ", late.Select(World.RuleId))}", FirstLine(step2WithoutHistory));
        Assert.DoesNotContain(example.Answer, step2WithoutHistory, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Step 4 of 3 (answer)")]
    [InlineData("Step 0 of 3 (plan)")]
    [InlineData("Step 1 of 2 (query)")]
    [InlineData("Step 99999999999999999999999 of 3")]
    [InlineData("Step 1 of 99999999999999999999999")]
    public void TaskReply_ThreeModulesWrongStep_RepliesUnknown(string stepLine)
    {
        var world = new World(new RuleWorldOptions { Modules = 3 });
        Assert.Equal(World.UnknownReply, world.TaskReply(World.BaseInstruction, stepLine + "\n" + world.Valset[0].Input));
    }

    [Fact]
    public void TaskReply_ThreeModules_FirstStepLineDecidesAndLeadingZerosAreFine()
    {
        var world = new World(new RuleWorldOptions { Modules = 3 });
        var input = world.Valset[0].Input;
        Assert.EndsWith("Notes: step 2 complete.", world.TaskReply(World.BaseInstruction, "Step 002 of 03\n" + input + "\nStep 3 of 3"), StringComparison.Ordinal);
        Assert.Equal(World.UnknownReply, world.TaskReply(World.BaseInstruction, " Step 2 of 3\n" + input)); // not at line start
        Assert.StartsWith("Rules applied:", world.TaskReply(World.BaseInstruction, "Step 3 of 3\r\n" + input), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("Case train-999: a customer writes")]
    [InlineData("Case train-1: short id")]
    [InlineData("case train-000: lower-case word")]
    [InlineData("Case train-000 without colon")]
    [InlineData("Case train-\u0660\u0661\u0662: Arabic-Indic digits are not [0-9]")]
    [InlineData("")]
    public void TaskReply_NoKnownCase_RepliesUnknown(string user)
    {
        Assert.Equal(World.UnknownReply, new World().TaskReply(World.BaseInstruction, user));
    }

    [Fact]
    public void TaskReply_NoUserMessage_RepliesUnknown()
    {
        Assert.Equal(World.UnknownReply, new World().TaskReply([new ChatMessage(ChatRole.System, "kelvin")]));
    }

    [Fact]
    public void TaskReply_ReadsAllSystemMessagesAndTheLastUserMessage()
    {
        var world = new World(new RuleWorldOptions { Noise = 0 });
        var example = world.Trainset.First(e => e.RequiredRules.Count == 2);
        ChatMessage[] messages =
        [
            new(ChatRole.System, World.RuleTexts[example.RequiredRules[0]]),
            new(ChatRole.User, "hello"),
            new(ChatRole.Assistant, "Case " + world.Trainset[1].Id + ":"),
            new(ChatRole.System, World.RuleTexts[example.RequiredRules[1]]),
            new(ChatRole.User, example.Input),
        ];
        Assert.Equal($"Rules applied: {string.Join(", ", example.RequiredRules.Select(World.RuleId))}\nAnswer: {example.Answer}", world.TaskReply(messages));
    }

    [Fact]
    public void Evaluate_LastAnswerLineTrimmedOfSpacesAndTabs_Decides()
    {
        var world = new World();
        var example = world.Valset[0];
        Assert.Equal(1.0, world.Evaluate(example, $"Answer: wrong\nAnswer: \t{example.Answer} \t\r\n").Score);
        Assert.Equal(0.0, world.Evaluate(example, $"Answer: {example.Answer}\nAnswer: wrong").Score);
        Assert.Equal(0.0, world.Evaluate(example, $"Answer:\u00A0{example.Answer}").Score); // only spaces and tabs are trimmed
        Assert.Equal(0.0, world.Evaluate(example, $" Answer: {example.Answer}").Score);
        Assert.Equal($"Correct. The answer {example.Answer} is right.", world.Evaluate(example, "Answer:" + example.Answer).Feedback);
    }

    [Fact]
    public void Evaluate_WrongAnswer_FeedbackNamesOnlyMissingRules()
    {
        var world = new World(new RuleWorldOptions { Informative = 1 });
        foreach (var example in world.Valset.Where(e => e.RequiredRules.Count >= 2))
        {
            var followed = example.RequiredRules[0];
            var feedback = world.Evaluate(example, $"Rules applied: {World.RuleId(followed)}\nAnswer: nope").Feedback;
            Assert.StartsWith($"Incorrect. The expected answer is {example.Answer}. The response did not follow this guideline: ", feedback, StringComparison.Ordinal);
            var named = Array.FindIndex(World.RuleTexts.ToArray(), t => feedback.EndsWith(": " + t, StringComparison.Ordinal));
            Assert.Contains(named, example.RequiredRules);
            Assert.NotEqual(followed, named);
        }
    }

    [Fact]
    public void TaskReply_KnownForeignRuleStatedFirst_TakesThePlaceOfARequiredOne()
    {
        // Examples require rules 1 to 12; the world also knows 13 to 24. A foreign rule stated first takes the one place.
        var knowing = new World(new RuleWorldOptions { Rules = 12, KnownRules = 24, Noise = 0, Capacity = 1 });
        var reference = new World(new RuleWorldOptions { Rules = 12, Noise = 0, Capacity = 1 });
        var example = knowing.Trainset.First(e => e.RequiredRules.Count == 1);
        var system = BaseWith(World.RuleTexts[20] + " " + World.RuleTexts[example.RequiredRules[0]]);

        Assert.Equal("Rules applied: none", FirstLine(knowing.TaskReply(system, example.Input)));
        Assert.Equal("Rules applied: " + World.RuleId(example.RequiredRules[0]), FirstLine(reference.TaskReply(system, example.Input)));
        Assert.Equal(example.Answer, reference.TaskReply(system, example.Input).Split("Answer: ")[1]);
        Assert.NotEqual(example.Answer, knowing.TaskReply(system, example.Input).Split("Answer: ")[1]);
    }

    [Fact]
    public void ReflectReply_KnownForeignRule_IsWrittenIntoTheRewrite()
    {
        const string Prompt = "Lessons: Convert volumes to litres. Report every temperature in kelvin.";
        var knowing = new World(new RuleWorldOptions { Rules = 12, KnownRules = 24, Forget = 0, Guess = 0 });
        var reference = new World(new RuleWorldOptions { Rules = 12, Forget = 0, Guess = 0 });

        Assert.Equal($"```\n{World.BaseInstruction}\n{World.RuleTexts[0]}\n{World.RuleTexts[18]}\n```", knowing.ReflectReply(Prompt));
        Assert.Equal($"```\n{World.BaseInstruction}\n{World.RuleTexts[0]}\n```", reference.ReflectReply(Prompt));
    }

    [Fact]
    public void ReflectReply_LimitedKnowingForeignRules_DropsMoreForEveryForeignRuleRead()
    {
        // One required rule and three foreign ones in the head: drop = 0 + 0.25 × 4 = 1 loses even the required one,
        // where a world that cannot see the foreign ones reads one rule (drop 0.25) and keeps it.
        const string Prompt = "Current: Report every temperature in kelvin. Convert volumes to litres. Prefix product codes with SKU-. Report speeds in metres per second. Thanks.";
        var options = new RuleWorldOptions { Rules = 12, Reflection = RuleWorldReflection.Limited, Forget = 0, Guess = 0, Mislead = 0, DropGrowth = 0.25 };
        var reference = new World(options);
        options.KnownRules = 24;
        var knowing = new World(options);

        Assert.Equal($"```\n{World.BaseInstruction}\n```", knowing.ReflectReply(Prompt));
        Assert.Equal($"```\n{World.BaseInstruction}\n{World.RuleTexts[0]}\n```", reference.ReflectReply(Prompt));
    }

    [Fact]
    public void Examples_RuleOffset_RequireOnlyRulesOfTheWindowAndItsFirstOnesMost()
    {
        var world = new World(new RuleWorldOptions { Rules = 8, RuleOffset = 10, Test = 300 });
        var required = world.Testset.SelectMany(e => e.RequiredRules).ToList();
        Assert.All(required, j => Assert.InRange(j, 10, 17));
        Assert.True(required.Count(j => j < 14) > required.Count(j => j >= 14));
        Assert.All(world.Testset, e => Assert.Equal(e.Input, $"Case {e.Id}: a customer writes about " + string.Join(", ", e.RequiredRules.Select(j => World.Topics[j])) + "."));
    }

    [Fact]
    public void ModuleOf_RuleOffset_SplitsTheWindowEvenly()
    {
        var world = new World(new RuleWorldOptions { Rules = 8, RuleOffset = 10, Modules = 2 });
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1], Enumerable.Range(10, 8).Select(world.ModuleOf));
        Assert.Equal(0, world.ModuleOf(3));
    }

    [Fact]
    public void ReflectReply_NoGuessNoForget_StatesExactlyTheRulesInThePrompt()
    {
        var world = new World(new RuleWorldOptions { Guess = 0, Forget = 0 });
        var reply = world.ReflectReply("Feedback: Convert VOLUMES to LITRES. Also: the SURNAME.\nAnd kelvin.");
        Assert.Equal($"```\n{World.BaseInstruction}\n{World.RuleTexts[0]}\n{World.RuleTexts[15]}\n{World.RuleTexts[18]}\n```", reply);
        Assert.Equal(reply, world.ReflectReply([new ChatMessage(ChatRole.System, "Feedback: Convert VOLUMES to LITRES. Also: the SURNAME."), new ChatMessage(ChatRole.User, "And kelvin.")]));
    }

    [Fact]
    public void RunPipeline_SeedCandidate_FailsEveryExample()
    {
        foreach (var modules in new[] { 1, 2, 3 })
        {
            var world = new World(new RuleWorldOptions { Modules = modules });
            var seed = world.SeedCandidate();
            Assert.Equal(world.ModuleNames, seed.Keys);
            Assert.All(world.Valset, e => Assert.Equal(0.0, world.Evaluate(e, world.RunPipeline(seed, e)[^1]).Score));
        }
    }

    [Fact]
    public void RunPipeline_EveryRuleInEveryModule_SolvesAllButTheNoise()
    {
        foreach (var modules in new[] { 1, 2, 3 })
        {
            var world = new World(new RuleWorldOptions { Modules = modules, Noise = 0 });
            var all = AllRulesCandidate(world);
            Assert.All(world.Valset, e =>
            {
                var outputs = world.RunPipeline(all, e);
                Assert.Equal(modules, outputs.Count);
                Assert.Equal(1.0, world.Evaluate(e, outputs[^1]).Score);
            });

            // With the default noise about 5% fail.
            var noisy = new World(new RuleWorldOptions { Modules = modules });
            var mean = noisy.Testset.Average(e => noisy.Evaluate(e, noisy.RunPipeline(all, e)[^1]).Score);
            Assert.InRange(mean, 0.88, 0.995);
        }
    }

    [Fact]
    public void BuildStepUserMessage_FollowsTheReferencePipeline()
    {
        var one = new World();
        Assert.Equal(one.Valset[3].Input, one.BuildStepUserMessage(0, one.Valset[3], "ignored"));
        var three = new World(new RuleWorldOptions { Modules = 3 });
        var e = three.Valset[3];
        Assert.Equal($"Step 1 of 3 (plan)\n{e.Input}", three.BuildStepUserMessage(0, e, null));
        Assert.Equal($"Step 2 of 3 (query)\n{e.Input}", three.BuildStepUserMessage(1, e, ""));
        Assert.Equal($"Step 3 of 3 (answer)\n{e.Input}\nprev", three.BuildStepUserMessage(2, e, "prev"));
        Assert.Throws<ArgumentOutOfRangeException>(() => three.BuildStepUserMessage(3, e, null));
    }

    [Fact]
    public void Examples_HaveReferenceShape()
    {
        var world = new World(new RuleWorldOptions { Train = 5, Val = 0, Test = 1000 });
        Assert.Equal(["train-000", "train-001", "train-002", "train-003", "train-004"], world.Trainset.Select(e => e.Id));
        Assert.Empty(world.Valset);
        Assert.Equal("test-999", world.Testset[^1].Id);
        Assert.Same(world.Testset[7], world.GetSplit("test")[7]);
        Assert.True(world.TryGetExample("test-007", out var found));
        Assert.Same(world.Testset[7], found);
        Assert.False(world.TryGetExample("val-000", out _));
        Assert.All(world.Testset, e =>
        {
            Assert.Equal("test", e.Split);
            Assert.InRange(e.RequiredRules.Count, 1, 3);
            Assert.Equal(e.RequiredRules.Order().Distinct(), e.RequiredRules);
            Assert.All(e.RequiredRules, j => Assert.InRange(j, 0, 23));
            Assert.Matches("^ANS-[0-9A-F]{6}$", e.Answer);
            Assert.Equal($"Case {e.Id}: a customer writes about {string.Join(", ", e.RequiredRules.Select(j => World.Topics[j]))}.", e.Input);
        });
    }

    [Fact]
    public void Examples_InputsNameNoRuleKeyword()
    {
        // Inputs reach the reflection prompt; a keyword there would teach a rule without any feedback.
        foreach (var topic in World.Topics)
        {
            Assert.DoesNotContain(World.RuleKeywords, k => World.Lower(topic).Contains(k, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void ModuleOf_SplitsRulesEvenlyAcrossModules()
    {
        var two = new World(new RuleWorldOptions { Modules = 2 });
        Assert.Equal(Enumerable.Range(0, 24).Select(j => j < 12 ? 0 : 1), Enumerable.Range(0, 24).Select(two.ModuleOf));
        var three = new World(new RuleWorldOptions { Modules = 3, Rules = 18 });
        Assert.Equal(Enumerable.Range(0, 18).Select(j => j / 6), Enumerable.Range(0, 18).Select(three.ModuleOf));
        Assert.Equal(["plan", "query", "answer"], three.ModuleNames);
    }

    [Fact]
    public void Options_ReturnsACopy()
    {
        var world = new World(new RuleWorldOptions { Seed = "s" });
        world.Options.Seed = "changed";
        Assert.Equal("s", world.Options.Seed);
    }

    private static IEnumerable<RuleWorldExample> AllExamples(World world) => world.Trainset.Concat(world.Valset).Concat(world.Testset);

    private static string BaseWith(string extra) => World.BaseInstruction + " " + extra;

    private static string FirstLine(string reply) => reply.Split('\n')[0];

    private static Candidate AllRulesCandidate(World world) =>
        new(world.ModuleNames.Select(name => new KeyValuePair<string, string>(name, BaseWith(string.Join(" ", World.RuleTexts)))));

    private static (string Expected, string Actual) InstanceCase(World world, RuleWorldVectors.Vector vector)
    {
        var line = vector.Line;
        var expected = JsonSerializer.Serialize(new
        {
            split = vector.Str("split"),
            id = vector.Str("id"),
            input = vector.Str("input"),
            answer = vector.Str("answer"),
            required = line.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ToArray(),
        });
        if (!world.TryGetExample(vector.Str("id"), out var example))
        {
            return (expected, "(no such example)");
        }

        var actual = JsonSerializer.Serialize(new
        {
            split = example.Split,
            id = example.Id,
            input = example.Input,
            answer = example.Answer,
            required = example.RequiredRules.Select(World.RuleId).ToArray(),
        });
        return (expected, actual);
    }

    private static (string Expected, string Actual) EvaluateCase(World world, RuleWorldVectors.Vector vector)
    {
        var expected = JsonSerializer.Serialize(new { score = vector.Line.GetProperty("score").GetDouble(), feedback = vector.Str("feedback") });
        if (!world.TryGetExample(vector.Str("id"), out var example))
        {
            return (expected, "(no such example)");
        }

        var result = world.Evaluate(example, vector.Str("response"));
        return (expected, JsonSerializer.Serialize(new { score = result.Score, feedback = result.Feedback }));
    }
}
