/** Types of the benchmark peers that ship none (only what the suites call). */

declare module 'tulind' {
  interface TulindIndicator {
    readonly name: string;
    readonly input_names: readonly string[];
    readonly option_names: readonly string[];
    readonly output_names: readonly string[];
    /** Synchronous when given a callback: inputs and outputs are `number[]` (typed arrays are refused). */
    indicator(inputs: readonly number[][], options: readonly number[], callback: (err: Error | null, outputs: number[][]) => void): void;
  }
  const tulind: { readonly version: string; readonly indicators: Readonly<Record<string, TulindIndicator>> };
  export default tulind;
}

declare module 'ml-xgboost' {
  interface MlXGBoostModel {
    train(X: readonly (readonly number[])[], y: readonly number[]): void;
    predict(X: readonly (readonly number[])[]): number[];
    free(): void;
  }
  const loaded: Promise<new (options: Record<string, string | number>) => MlXGBoostModel>;
  export default loaded;
}
