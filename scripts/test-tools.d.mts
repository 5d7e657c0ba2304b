export declare const ROOT: string;
export declare const TOOLS_DIR: string;
export declare const TOOLS: Record<string, { package: string; version: string; bin: string }>;
export declare function toolDir(name: string): string;
export declare function toolPath(name: string): string;
export declare function ensureTool(name: string, log?: (line: string) => void): string;
export declare function ensureTools(names?: string[], log?: (line: string) => void): Record<string, string>;
