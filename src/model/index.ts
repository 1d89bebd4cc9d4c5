export * from './report';
export * from './run';
export * from './simulation';
export * from './call-policy';
export * from './routing';
export * from './gateway-filter';
