using Gepa.Cli.Configuration;
using Gepa.Cli.Tests.TestSupport;
using Gepa.Simulation;
using Xunit;

namespace Gepa.Cli.Tests.Configuration;

/// <summary>The <c>task: pipeline</c> section and the <c>multihop-sim</c> provider.</summary>
public sealed class ConfigBinderPipelineTests : IDisposable
{
    private const string Head = """
        task: pipeline
        task-model: {provider: multihop-sim}
        reflection-model: {provider: multihop-sim}
        engine: {max-metric-calls: 500}
        dataset: {train: train.jsonl, val: val.jsonl}
        seed-candidate:
          ask: Ask.
          answer: Answer.

        """;

    private readonly CliHarness _h = new();

    public ConfigBinderPipelineTests()
    {
        _h.Write("train.jsonl", "{\"input\":\"q\",\"answer\":\"a\"}\n");
        _h.Write("val.jsonl", "{\"input\":\"q\",\"answer\":\"a\"}\n");
        _h.Write("corpus.jsonl", "{\"title\":\"T\",\"text\":\"x\"}\n");
    }

    public void Dispose() => _h.Dispose();

    private GepaRunConfig Load(string text, params string[] overrides) => ConfigBinder.Load(_h.Write("p.yaml", text), overrides);

    private string[] Errors(string text, params string[] overrides) =>
        [.. Assert.Throws<ConfigException>(() => Load(text, overrides)).Errors.Select(e => e.ToString())];

    [Fact]
    public void Load_Pipeline_BindsEveryEntryInOrderWithDefaults()
    {
        var config = Load(Head + """
            pipeline:
              corpus: corpus.jsonl
              pipeline-context: true
              call-selection: all:2
              flow:
                - retrieve: "{input}"
                - step: ask
                  input: "Q: {input}\n{passages}"
                  append: true
                  into: notes
                - step: answer
                  input: "{notes}"
                  output: json-answer
              feedback: {ask: "missing {missing_titles}"}
            """);

        var p = config.Pipeline!;
        Assert.True(config.IsPipelineTask);
        Assert.True(config.UsesSimulation);
        Assert.Equal(MultiHopSimulationConstants.TaskModelId, config.TaskModel.Model);
        Assert.Equal(MultiHopSimulationConstants.ReflectionModelId, config.ReflectionModel.Model);
        Assert.Equal(3, p.Flow.Count);
        Assert.True(p.Flow[0].IsRetrieval);
        Assert.Equal(("passages", 5), (p.Flow[0].Into, p.Flow[0].K));
        Assert.Equal(("ask", "notes", true), (p.Flow[1].Step, p.Flow[1].Into, p.Flow[1].Append));
        Assert.Equal(("answer", "answer", true), (p.Flow[2].Step, p.Flow[2].Into, p.Flow[2].JsonAnswer));
        Assert.Equal("all:2", p.CallSelection);
        Assert.True(p.PipelineContext);
        Assert.Equal("missing {missing_titles}", p.Feedback["ask"]);
    }

    [Fact]
    public void Load_UnknownStepMissingInputAndUnusedComponent_AreEachNamed()
    {
        var errors = Errors(Head + """
            pipeline:
              flow:
                - step: asks
                  input: x
                - step: answer
                - step: answer
                  input: x
                  colour: red
            """);

        Assert.Contains(errors, e => e.Contains("pipeline.flow[0].step", StringComparison.Ordinal) && e.Contains("'asks' is not a component", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("pipeline.flow[1].input", StringComparison.Ordinal) && e.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("pipeline.flow[2].colour", StringComparison.Ordinal) && e.Contains("unknown key", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("seed-candidate.ask", StringComparison.Ordinal) && e.Contains("no pipeline.flow entry calls step 'ask'", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Contains("p.yaml", e, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("flow: [{retrieve: \"{input}\"}, {step: ask, input: x}, {step: answer, input: y}]", "pipeline.corpus", "a retrieve entry needs a corpus")]
    [InlineData("flow: [{step: ask, input: x, retrieve: y}, {step: answer, input: y}]", "pipeline.flow[0]", "exactly one of 'step'")]
    [InlineData("flow: [{step: ask, input: x, output: xml}, {step: answer, input: y}]", "pipeline.flow[0].output", "'xml' is not one of: text, json-answer")]
    [InlineData("{corpus: corpus.jsonl, flow: [{retrieve: q, k: 0}, {step: ask, input: x}, {step: answer, input: y}]}", "pipeline.flow[0].k", "from 1 to 100")]
    [InlineData("{call-selection: random, flow: [{step: ask, input: x}, {step: answer, input: y}]}", "pipeline.call-selection", "last, first, all or all:N")]
    [InlineData("{feedback: {nope: hi}, flow: [{step: ask, input: x}, {step: answer, input: y}]}", "pipeline.feedback.nope", "'nope' is not a step")]
    [InlineData("{flow: {step: ask}}", "pipeline.flow", "expected a list of entries")]
    public void Load_BadPipeline_NamesTheKey(string pipeline, string key, string message)
    {
        var errors = Errors(Head + "pipeline: " + (pipeline.StartsWith('{') ? pipeline : "{" + pipeline + "}"));

        Assert.Contains(errors, e => e.Contains(key, StringComparison.Ordinal) && e.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_PipelineSectionWithAnotherTask_IsRejected()
    {
        var errors = Errors(Head.Replace("task: pipeline", "task: chat-prompt", StringComparison.Ordinal) + "pipeline: {flow: []}");

        Assert.Contains(errors, e => e.Contains("is used only with task: pipeline", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MultiHopSimAsJudge_IsRejected()
    {
        var errors = Errors(Head + "pipeline: {flow: [{step: ask, input: x}, {step: answer, input: y}]}\nmetric: {name: llm-judge}\njudge-model: {provider: multihop-sim}");

        Assert.Contains(errors, e => e.Contains("judge-model.provider", StringComparison.Ordinal) && e.Contains("not a judge", StringComparison.Ordinal));
    }
}
