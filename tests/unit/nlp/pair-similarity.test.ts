import { describe, expect, it } from "vitest";
import { PairScorer, scorePair } from "~/nlp";

describe("pair similarity", () => {
  it("scores paraphrases above unrelated pairs, within [0, 1]", () => {
    const same = scorePair("公积金贷款怎么申请", "怎样申请公积金贷款");
    const diff = scorePair("公积金贷款怎么申请", "小区路灯坏了没人修");
    expect(same).toBeGreaterThan(diff);
    expect(same).toBeLessThanOrEqual(1);
    expect(diff).toBeGreaterThanOrEqual(0);
    expect(scorePair("加装电梯", "加装电梯")).toBeCloseTo(1);
    expect(scorePair("", "加装电梯")).toBe(0);
  });

  it("idf fitted on a corpus discounts common words", () => {
    const corpus = ["请问怎么办理", "请问怎么投诉", "请问怎么申请", "医保怎么报销"];
    const scorer = new PairScorer().fit(corpus);
    const common = scorer.score("请问怎么办理", "请问怎么投诉");
    const rare = scorer.score("医保报销请问", "医保报销怎么");
    expect(rare).toBeGreaterThan(common);
  });

  it("words sharing characters count as partial matches; both sides must be covered", () => {
    // 怎么/怎样 share a character; a different verb (申请/投诉) shares none.
    const near = scorePair("公积金贷款怎么申请", "公积金贷款怎样申请");
    const far = scorePair("公积金贷款怎么申请", "公积金贷款怎么投诉");
    expect(near).toBeGreaterThan(far);
    expect(near).toBeLessThan(1);
    // Extra content on one side lowers the score (the smaller direction counts).
    expect(scorePair("公积金贷款", "公积金贷款利率和额度怎么算")).toBeLessThan(0.7);
    expect(scorePair("公积金贷款", "公积金贷款利率和额度怎么算")).toBe(
      scorePair("公积金贷款利率和额度怎么算", "公积金贷款"),
    );
  });
});
