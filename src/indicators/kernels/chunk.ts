/**
 * Bars per call of a batch loop kernel that carries floating-point state from bar to bar.
 *
 * V8 optimizes a long first-time loop while it runs (on-stack replacement), and such code keeps its carried doubles
 * boxed; if the loop's function is then optimized before its preamble has gathered type feedback, the function
 * deoptimizes and later calls keep running the slow on-stack code. Driving the kernel in chunks lets V8 optimize it
 * as a whole function, entered with its state unboxed from a Float64Array, so batch speed does not depend on the
 * timing of V8's background compiler.
 */
export const KERNEL_CHUNK = 4096;
