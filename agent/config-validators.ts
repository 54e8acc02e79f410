// @ts-nocheck
// Generated from agent/config-schema.ts by agent/config-validators.test.ts (ajv standalone code): do not edit.
// Rewrite it with: TELEMATICS_WRITE_GENERATED=1 npx vitest run agent/config-validators.test.ts
"use strict";
export const validateAgentConfig = validate10;
const schema11 = {"$schema":"http://json-schema.org/draft-07/schema#","title":"telematics agent configuration","type":"object","additionalProperties":false,"properties":{"serial":{"type":"string","minLength":1},"baud":{"enum":[4800,9600,19200,38400,57600,115200,230400,460800,921600,"auto"]},"gateway":{"type":"string","minLength":1},"vehicleId":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$","description":"1–64 of letters, digits, . _ : - (starting with a letter or digit)"},"token":{"type":"string","minLength":1},"tokenFile":{"type":"string","minLength":1},"db":{"type":"string","minLength":1},"statusFile":{"type":"string","minLength":1},"everyFix":{"type":"boolean"},"metricsPort":{"type":"integer","minimum":1,"maximum":65535},"sampler":{"type":"object","additionalProperties":false,"properties":{"everyFix":{"type":"boolean","default":false},"moving":{"type":"object","additionalProperties":false,"properties":{"minPeriodMs":{"type":"number","minimum":0,"default":30000},"minDistanceM":{"type":"number","minimum":0,"default":200},"minHeadingChangeDeg":{"type":"number","minimum":0,"default":10},"minSpeedChangeMps":{"type":"number","minimum":0,"default":4.166666666666667}}},"stopped":{"type":"object","additionalProperties":false,"properties":{"minPeriodMs":{"type":"number","minimum":0,"default":300000},"minDistanceM":{"type":"number","minimum":0,"default":500},"minHeadingChangeDeg":{"type":"number","minimum":0,"default":0},"minSpeedChangeMps":{"type":"number","minimum":0,"default":0}}},"movingAboveMps":{"type":"number","minimum":0,"default":2.2},"movingAfterMs":{"type":"number","minimum":0,"default":2000},"stoppedBelowMps":{"type":"number","minimum":0,"default":1},"stoppedAfterMs":{"type":"number","minimum":0,"default":10000},"minHeadingSpeedMps":{"type":"number","minimum":0,"default":2.2}}},"buffer":{"type":"object","additionalProperties":false,"properties":{"commitIntervalMs":{"type":"number","minimum":0,"default":1000},"commitMaxRows":{"type":"integer","minimum":1,"default":200},"maxRows":{"type":"integer","minimum":1,"default":604800},"maxBytes":{"type":"integer","minimum":0,"default":134217728},"memoryQueueMaxRows":{"type":"integer","minimum":0,"default":36000},"maxPageCount":{"type":"integer","minimum":0,"default":0},"walSizeLimitBytes":{"type":"integer","minimum":0,"default":4194304}}},"uploader":{"type":"object","additionalProperties":false,"properties":{"batchMaxPositions":{"type":"integer","minimum":1,"default":500,"maximum":1000},"intervalMs":{"type":"number","default":5000,"exclusiveMinimum":0},"requestTimeoutMs":{"type":"number","default":15000,"exclusiveMinimum":0},"backoffInitialMs":{"type":"number","default":1000,"exclusiveMinimum":0},"backoffMaxMs":{"type":"number","default":300000,"exclusiveMinimum":0},"authBackoffMs":{"type":"number","default":600000,"exclusiveMinimum":0},"maxRetryAfterMs":{"type":"number","minimum":0,"default":900000},"encoding":{"type":"string","default":"binary","enum":["binary","json"]}}}}};
const func2 = Object.prototype.hasOwnProperty;
const pattern0 = new RegExp("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$", "u");

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(func2.call(schema11.properties, key0))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.serial !== undefined){
let data0 = data.serial;
if(typeof data0 === "string"){
if(data0.length < 1){
const err1 = {instancePath:instancePath+"/serial",schemaPath:"#/properties/serial/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.serial,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath:instancePath+"/serial",schemaPath:"#/properties/serial/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.serial.type,parentSchema:schema11.properties.serial,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.baud !== undefined){
let data1 = data.baud;
if(!((((((((((data1 === 4800) || (data1 === 9600)) || (data1 === 19200)) || (data1 === 38400)) || (data1 === 57600)) || (data1 === 115200)) || (data1 === 230400)) || (data1 === 460800)) || (data1 === 921600)) || (data1 === "auto"))){
const err3 = {instancePath:instancePath+"/baud",schemaPath:"#/properties/baud/enum",keyword:"enum",params:{allowedValues: schema11.properties.baud.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.baud.enum,parentSchema:schema11.properties.baud,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.gateway !== undefined){
let data2 = data.gateway;
if(typeof data2 === "string"){
if(data2.length < 1){
const err4 = {instancePath:instancePath+"/gateway",schemaPath:"#/properties/gateway/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.gateway,data:data2};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/gateway",schemaPath:"#/properties/gateway/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.gateway.type,parentSchema:schema11.properties.gateway,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.vehicleId !== undefined){
let data3 = data.vehicleId;
if(typeof data3 === "string"){
if(!pattern0.test(data3)){
const err6 = {instancePath:instancePath+"/vehicleId",schemaPath:"#/properties/vehicleId/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"+"\"",schema:"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$",parentSchema:schema11.properties.vehicleId,data:data3};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/vehicleId",schemaPath:"#/properties/vehicleId/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.vehicleId.type,parentSchema:schema11.properties.vehicleId,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.token !== undefined){
let data4 = data.token;
if(typeof data4 === "string"){
if(data4.length < 1){
const err8 = {instancePath:instancePath+"/token",schemaPath:"#/properties/token/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.token,data:data4};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
else {
const err9 = {instancePath:instancePath+"/token",schemaPath:"#/properties/token/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.token.type,parentSchema:schema11.properties.token,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.tokenFile !== undefined){
let data5 = data.tokenFile;
if(typeof data5 === "string"){
if(data5.length < 1){
const err10 = {instancePath:instancePath+"/tokenFile",schemaPath:"#/properties/tokenFile/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.tokenFile,data:data5};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
else {
const err11 = {instancePath:instancePath+"/tokenFile",schemaPath:"#/properties/tokenFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.tokenFile.type,parentSchema:schema11.properties.tokenFile,data:data5};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.db !== undefined){
let data6 = data.db;
if(typeof data6 === "string"){
if(data6.length < 1){
const err12 = {instancePath:instancePath+"/db",schemaPath:"#/properties/db/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.db,data:data6};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/db",schemaPath:"#/properties/db/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.db.type,parentSchema:schema11.properties.db,data:data6};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.statusFile !== undefined){
let data7 = data.statusFile;
if(typeof data7 === "string"){
if(data7.length < 1){
const err14 = {instancePath:instancePath+"/statusFile",schemaPath:"#/properties/statusFile/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema11.properties.statusFile,data:data7};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/statusFile",schemaPath:"#/properties/statusFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.statusFile.type,parentSchema:schema11.properties.statusFile,data:data7};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.everyFix !== undefined){
let data8 = data.everyFix;
if(typeof data8 !== "boolean"){
const err16 = {instancePath:instancePath+"/everyFix",schemaPath:"#/properties/everyFix/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.everyFix.type,parentSchema:schema11.properties.everyFix,data:data8};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data.metricsPort !== undefined){
let data9 = data.metricsPort;
if(!(((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9))) && (isFinite(data9)))){
const err17 = {instancePath:instancePath+"/metricsPort",schemaPath:"#/properties/metricsPort/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.metricsPort.type,parentSchema:schema11.properties.metricsPort,data:data9};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if((typeof data9 == "number") && (isFinite(data9))){
if(data9 > 65535 || isNaN(data9)){
const err18 = {instancePath:instancePath+"/metricsPort",schemaPath:"#/properties/metricsPort/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535",schema:65535,parentSchema:schema11.properties.metricsPort,data:data9};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(data9 < 1 || isNaN(data9)){
const err19 = {instancePath:instancePath+"/metricsPort",schemaPath:"#/properties/metricsPort/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.metricsPort,data:data9};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
if(data.sampler !== undefined){
let data10 = data.sampler;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
for(const key1 in data10){
if(!((((((((key1 === "everyFix") || (key1 === "moving")) || (key1 === "stopped")) || (key1 === "movingAboveMps")) || (key1 === "movingAfterMs")) || (key1 === "stoppedBelowMps")) || (key1 === "stoppedAfterMs")) || (key1 === "minHeadingSpeedMps"))){
const err20 = {instancePath:instancePath+"/sampler",schemaPath:"#/properties/sampler/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.sampler,data:data10};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data10.everyFix !== undefined){
let data11 = data10.everyFix;
if(typeof data11 !== "boolean"){
const err21 = {instancePath:instancePath+"/sampler/everyFix",schemaPath:"#/properties/sampler/properties/everyFix/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema11.properties.sampler.properties.everyFix.type,parentSchema:schema11.properties.sampler.properties.everyFix,data:data11};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data10.moving !== undefined){
let data12 = data10.moving;
if(data12 && typeof data12 == "object" && !Array.isArray(data12)){
for(const key2 in data12){
if(!((((key2 === "minPeriodMs") || (key2 === "minDistanceM")) || (key2 === "minHeadingChangeDeg")) || (key2 === "minSpeedChangeMps"))){
const err22 = {instancePath:instancePath+"/sampler/moving",schemaPath:"#/properties/sampler/properties/moving/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.sampler.properties.moving,data:data12};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data12.minPeriodMs !== undefined){
let data13 = data12.minPeriodMs;
if((typeof data13 == "number") && (isFinite(data13))){
if(data13 < 0 || isNaN(data13)){
const err23 = {instancePath:instancePath+"/sampler/moving/minPeriodMs",schemaPath:"#/properties/sampler/properties/moving/properties/minPeriodMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.moving.properties.minPeriodMs,data:data13};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
else {
const err24 = {instancePath:instancePath+"/sampler/moving/minPeriodMs",schemaPath:"#/properties/sampler/properties/moving/properties/minPeriodMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.moving.properties.minPeriodMs.type,parentSchema:schema11.properties.sampler.properties.moving.properties.minPeriodMs,data:data13};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data12.minDistanceM !== undefined){
let data14 = data12.minDistanceM;
if((typeof data14 == "number") && (isFinite(data14))){
if(data14 < 0 || isNaN(data14)){
const err25 = {instancePath:instancePath+"/sampler/moving/minDistanceM",schemaPath:"#/properties/sampler/properties/moving/properties/minDistanceM/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.moving.properties.minDistanceM,data:data14};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
else {
const err26 = {instancePath:instancePath+"/sampler/moving/minDistanceM",schemaPath:"#/properties/sampler/properties/moving/properties/minDistanceM/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.moving.properties.minDistanceM.type,parentSchema:schema11.properties.sampler.properties.moving.properties.minDistanceM,data:data14};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data12.minHeadingChangeDeg !== undefined){
let data15 = data12.minHeadingChangeDeg;
if((typeof data15 == "number") && (isFinite(data15))){
if(data15 < 0 || isNaN(data15)){
const err27 = {instancePath:instancePath+"/sampler/moving/minHeadingChangeDeg",schemaPath:"#/properties/sampler/properties/moving/properties/minHeadingChangeDeg/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.moving.properties.minHeadingChangeDeg,data:data15};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
else {
const err28 = {instancePath:instancePath+"/sampler/moving/minHeadingChangeDeg",schemaPath:"#/properties/sampler/properties/moving/properties/minHeadingChangeDeg/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.moving.properties.minHeadingChangeDeg.type,parentSchema:schema11.properties.sampler.properties.moving.properties.minHeadingChangeDeg,data:data15};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data12.minSpeedChangeMps !== undefined){
let data16 = data12.minSpeedChangeMps;
if((typeof data16 == "number") && (isFinite(data16))){
if(data16 < 0 || isNaN(data16)){
const err29 = {instancePath:instancePath+"/sampler/moving/minSpeedChangeMps",schemaPath:"#/properties/sampler/properties/moving/properties/minSpeedChangeMps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.moving.properties.minSpeedChangeMps,data:data16};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
else {
const err30 = {instancePath:instancePath+"/sampler/moving/minSpeedChangeMps",schemaPath:"#/properties/sampler/properties/moving/properties/minSpeedChangeMps/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.moving.properties.minSpeedChangeMps.type,parentSchema:schema11.properties.sampler.properties.moving.properties.minSpeedChangeMps,data:data16};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
}
else {
const err31 = {instancePath:instancePath+"/sampler/moving",schemaPath:"#/properties/sampler/properties/moving/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.sampler.properties.moving.type,parentSchema:schema11.properties.sampler.properties.moving,data:data12};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data10.stopped !== undefined){
let data17 = data10.stopped;
if(data17 && typeof data17 == "object" && !Array.isArray(data17)){
for(const key3 in data17){
if(!((((key3 === "minPeriodMs") || (key3 === "minDistanceM")) || (key3 === "minHeadingChangeDeg")) || (key3 === "minSpeedChangeMps"))){
const err32 = {instancePath:instancePath+"/sampler/stopped",schemaPath:"#/properties/sampler/properties/stopped/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.sampler.properties.stopped,data:data17};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data17.minPeriodMs !== undefined){
let data18 = data17.minPeriodMs;
if((typeof data18 == "number") && (isFinite(data18))){
if(data18 < 0 || isNaN(data18)){
const err33 = {instancePath:instancePath+"/sampler/stopped/minPeriodMs",schemaPath:"#/properties/sampler/properties/stopped/properties/minPeriodMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.stopped.properties.minPeriodMs,data:data18};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
else {
const err34 = {instancePath:instancePath+"/sampler/stopped/minPeriodMs",schemaPath:"#/properties/sampler/properties/stopped/properties/minPeriodMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.stopped.properties.minPeriodMs.type,parentSchema:schema11.properties.sampler.properties.stopped.properties.minPeriodMs,data:data18};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data17.minDistanceM !== undefined){
let data19 = data17.minDistanceM;
if((typeof data19 == "number") && (isFinite(data19))){
if(data19 < 0 || isNaN(data19)){
const err35 = {instancePath:instancePath+"/sampler/stopped/minDistanceM",schemaPath:"#/properties/sampler/properties/stopped/properties/minDistanceM/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.stopped.properties.minDistanceM,data:data19};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
else {
const err36 = {instancePath:instancePath+"/sampler/stopped/minDistanceM",schemaPath:"#/properties/sampler/properties/stopped/properties/minDistanceM/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.stopped.properties.minDistanceM.type,parentSchema:schema11.properties.sampler.properties.stopped.properties.minDistanceM,data:data19};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data17.minHeadingChangeDeg !== undefined){
let data20 = data17.minHeadingChangeDeg;
if((typeof data20 == "number") && (isFinite(data20))){
if(data20 < 0 || isNaN(data20)){
const err37 = {instancePath:instancePath+"/sampler/stopped/minHeadingChangeDeg",schemaPath:"#/properties/sampler/properties/stopped/properties/minHeadingChangeDeg/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.stopped.properties.minHeadingChangeDeg,data:data20};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
else {
const err38 = {instancePath:instancePath+"/sampler/stopped/minHeadingChangeDeg",schemaPath:"#/properties/sampler/properties/stopped/properties/minHeadingChangeDeg/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.stopped.properties.minHeadingChangeDeg.type,parentSchema:schema11.properties.sampler.properties.stopped.properties.minHeadingChangeDeg,data:data20};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data17.minSpeedChangeMps !== undefined){
let data21 = data17.minSpeedChangeMps;
if((typeof data21 == "number") && (isFinite(data21))){
if(data21 < 0 || isNaN(data21)){
const err39 = {instancePath:instancePath+"/sampler/stopped/minSpeedChangeMps",schemaPath:"#/properties/sampler/properties/stopped/properties/minSpeedChangeMps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.stopped.properties.minSpeedChangeMps,data:data21};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
else {
const err40 = {instancePath:instancePath+"/sampler/stopped/minSpeedChangeMps",schemaPath:"#/properties/sampler/properties/stopped/properties/minSpeedChangeMps/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.stopped.properties.minSpeedChangeMps.type,parentSchema:schema11.properties.sampler.properties.stopped.properties.minSpeedChangeMps,data:data21};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
}
else {
const err41 = {instancePath:instancePath+"/sampler/stopped",schemaPath:"#/properties/sampler/properties/stopped/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.sampler.properties.stopped.type,parentSchema:schema11.properties.sampler.properties.stopped,data:data17};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
if(data10.movingAboveMps !== undefined){
let data22 = data10.movingAboveMps;
if((typeof data22 == "number") && (isFinite(data22))){
if(data22 < 0 || isNaN(data22)){
const err42 = {instancePath:instancePath+"/sampler/movingAboveMps",schemaPath:"#/properties/sampler/properties/movingAboveMps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.movingAboveMps,data:data22};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
else {
const err43 = {instancePath:instancePath+"/sampler/movingAboveMps",schemaPath:"#/properties/sampler/properties/movingAboveMps/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.movingAboveMps.type,parentSchema:schema11.properties.sampler.properties.movingAboveMps,data:data22};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data10.movingAfterMs !== undefined){
let data23 = data10.movingAfterMs;
if((typeof data23 == "number") && (isFinite(data23))){
if(data23 < 0 || isNaN(data23)){
const err44 = {instancePath:instancePath+"/sampler/movingAfterMs",schemaPath:"#/properties/sampler/properties/movingAfterMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.movingAfterMs,data:data23};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
else {
const err45 = {instancePath:instancePath+"/sampler/movingAfterMs",schemaPath:"#/properties/sampler/properties/movingAfterMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.movingAfterMs.type,parentSchema:schema11.properties.sampler.properties.movingAfterMs,data:data23};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
if(data10.stoppedBelowMps !== undefined){
let data24 = data10.stoppedBelowMps;
if((typeof data24 == "number") && (isFinite(data24))){
if(data24 < 0 || isNaN(data24)){
const err46 = {instancePath:instancePath+"/sampler/stoppedBelowMps",schemaPath:"#/properties/sampler/properties/stoppedBelowMps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.stoppedBelowMps,data:data24};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
else {
const err47 = {instancePath:instancePath+"/sampler/stoppedBelowMps",schemaPath:"#/properties/sampler/properties/stoppedBelowMps/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.stoppedBelowMps.type,parentSchema:schema11.properties.sampler.properties.stoppedBelowMps,data:data24};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
if(data10.stoppedAfterMs !== undefined){
let data25 = data10.stoppedAfterMs;
if((typeof data25 == "number") && (isFinite(data25))){
if(data25 < 0 || isNaN(data25)){
const err48 = {instancePath:instancePath+"/sampler/stoppedAfterMs",schemaPath:"#/properties/sampler/properties/stoppedAfterMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.stoppedAfterMs,data:data25};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
else {
const err49 = {instancePath:instancePath+"/sampler/stoppedAfterMs",schemaPath:"#/properties/sampler/properties/stoppedAfterMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.stoppedAfterMs.type,parentSchema:schema11.properties.sampler.properties.stoppedAfterMs,data:data25};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(data10.minHeadingSpeedMps !== undefined){
let data26 = data10.minHeadingSpeedMps;
if((typeof data26 == "number") && (isFinite(data26))){
if(data26 < 0 || isNaN(data26)){
const err50 = {instancePath:instancePath+"/sampler/minHeadingSpeedMps",schemaPath:"#/properties/sampler/properties/minHeadingSpeedMps/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.sampler.properties.minHeadingSpeedMps,data:data26};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
else {
const err51 = {instancePath:instancePath+"/sampler/minHeadingSpeedMps",schemaPath:"#/properties/sampler/properties/minHeadingSpeedMps/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.sampler.properties.minHeadingSpeedMps.type,parentSchema:schema11.properties.sampler.properties.minHeadingSpeedMps,data:data26};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
}
else {
const err52 = {instancePath:instancePath+"/sampler",schemaPath:"#/properties/sampler/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.sampler.type,parentSchema:schema11.properties.sampler,data:data10};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
if(data.buffer !== undefined){
let data27 = data.buffer;
if(data27 && typeof data27 == "object" && !Array.isArray(data27)){
for(const key4 in data27){
if(!(((((((key4 === "commitIntervalMs") || (key4 === "commitMaxRows")) || (key4 === "maxRows")) || (key4 === "maxBytes")) || (key4 === "memoryQueueMaxRows")) || (key4 === "maxPageCount")) || (key4 === "walSizeLimitBytes"))){
const err53 = {instancePath:instancePath+"/buffer",schemaPath:"#/properties/buffer/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.buffer,data:data27};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
if(data27.commitIntervalMs !== undefined){
let data28 = data27.commitIntervalMs;
if((typeof data28 == "number") && (isFinite(data28))){
if(data28 < 0 || isNaN(data28)){
const err54 = {instancePath:instancePath+"/buffer/commitIntervalMs",schemaPath:"#/properties/buffer/properties/commitIntervalMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.buffer.properties.commitIntervalMs,data:data28};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
else {
const err55 = {instancePath:instancePath+"/buffer/commitIntervalMs",schemaPath:"#/properties/buffer/properties/commitIntervalMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.buffer.properties.commitIntervalMs.type,parentSchema:schema11.properties.buffer.properties.commitIntervalMs,data:data28};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
if(data27.commitMaxRows !== undefined){
let data29 = data27.commitMaxRows;
if(!(((typeof data29 == "number") && (!(data29 % 1) && !isNaN(data29))) && (isFinite(data29)))){
const err56 = {instancePath:instancePath+"/buffer/commitMaxRows",schemaPath:"#/properties/buffer/properties/commitMaxRows/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.buffer.properties.commitMaxRows.type,parentSchema:schema11.properties.buffer.properties.commitMaxRows,data:data29};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
if((typeof data29 == "number") && (isFinite(data29))){
if(data29 < 1 || isNaN(data29)){
const err57 = {instancePath:instancePath+"/buffer/commitMaxRows",schemaPath:"#/properties/buffer/properties/commitMaxRows/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.buffer.properties.commitMaxRows,data:data29};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
}
if(data27.maxRows !== undefined){
let data30 = data27.maxRows;
if(!(((typeof data30 == "number") && (!(data30 % 1) && !isNaN(data30))) && (isFinite(data30)))){
const err58 = {instancePath:instancePath+"/buffer/maxRows",schemaPath:"#/properties/buffer/properties/maxRows/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.buffer.properties.maxRows.type,parentSchema:schema11.properties.buffer.properties.maxRows,data:data30};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
if((typeof data30 == "number") && (isFinite(data30))){
if(data30 < 1 || isNaN(data30)){
const err59 = {instancePath:instancePath+"/buffer/maxRows",schemaPath:"#/properties/buffer/properties/maxRows/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.buffer.properties.maxRows,data:data30};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
}
if(data27.maxBytes !== undefined){
let data31 = data27.maxBytes;
if(!(((typeof data31 == "number") && (!(data31 % 1) && !isNaN(data31))) && (isFinite(data31)))){
const err60 = {instancePath:instancePath+"/buffer/maxBytes",schemaPath:"#/properties/buffer/properties/maxBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.buffer.properties.maxBytes.type,parentSchema:schema11.properties.buffer.properties.maxBytes,data:data31};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
if((typeof data31 == "number") && (isFinite(data31))){
if(data31 < 0 || isNaN(data31)){
const err61 = {instancePath:instancePath+"/buffer/maxBytes",schemaPath:"#/properties/buffer/properties/maxBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.buffer.properties.maxBytes,data:data31};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
}
}
if(data27.memoryQueueMaxRows !== undefined){
let data32 = data27.memoryQueueMaxRows;
if(!(((typeof data32 == "number") && (!(data32 % 1) && !isNaN(data32))) && (isFinite(data32)))){
const err62 = {instancePath:instancePath+"/buffer/memoryQueueMaxRows",schemaPath:"#/properties/buffer/properties/memoryQueueMaxRows/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.buffer.properties.memoryQueueMaxRows.type,parentSchema:schema11.properties.buffer.properties.memoryQueueMaxRows,data:data32};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
if((typeof data32 == "number") && (isFinite(data32))){
if(data32 < 0 || isNaN(data32)){
const err63 = {instancePath:instancePath+"/buffer/memoryQueueMaxRows",schemaPath:"#/properties/buffer/properties/memoryQueueMaxRows/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.buffer.properties.memoryQueueMaxRows,data:data32};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
}
if(data27.maxPageCount !== undefined){
let data33 = data27.maxPageCount;
if(!(((typeof data33 == "number") && (!(data33 % 1) && !isNaN(data33))) && (isFinite(data33)))){
const err64 = {instancePath:instancePath+"/buffer/maxPageCount",schemaPath:"#/properties/buffer/properties/maxPageCount/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.buffer.properties.maxPageCount.type,parentSchema:schema11.properties.buffer.properties.maxPageCount,data:data33};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
if((typeof data33 == "number") && (isFinite(data33))){
if(data33 < 0 || isNaN(data33)){
const err65 = {instancePath:instancePath+"/buffer/maxPageCount",schemaPath:"#/properties/buffer/properties/maxPageCount/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.buffer.properties.maxPageCount,data:data33};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
}
if(data27.walSizeLimitBytes !== undefined){
let data34 = data27.walSizeLimitBytes;
if(!(((typeof data34 == "number") && (!(data34 % 1) && !isNaN(data34))) && (isFinite(data34)))){
const err66 = {instancePath:instancePath+"/buffer/walSizeLimitBytes",schemaPath:"#/properties/buffer/properties/walSizeLimitBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.buffer.properties.walSizeLimitBytes.type,parentSchema:schema11.properties.buffer.properties.walSizeLimitBytes,data:data34};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
if((typeof data34 == "number") && (isFinite(data34))){
if(data34 < 0 || isNaN(data34)){
const err67 = {instancePath:instancePath+"/buffer/walSizeLimitBytes",schemaPath:"#/properties/buffer/properties/walSizeLimitBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.buffer.properties.walSizeLimitBytes,data:data34};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
}
}
else {
const err68 = {instancePath:instancePath+"/buffer",schemaPath:"#/properties/buffer/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.buffer.type,parentSchema:schema11.properties.buffer,data:data27};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
if(data.uploader !== undefined){
let data35 = data.uploader;
if(data35 && typeof data35 == "object" && !Array.isArray(data35)){
for(const key5 in data35){
if(!((((((((key5 === "batchMaxPositions") || (key5 === "intervalMs")) || (key5 === "requestTimeoutMs")) || (key5 === "backoffInitialMs")) || (key5 === "backoffMaxMs")) || (key5 === "authBackoffMs")) || (key5 === "maxRetryAfterMs")) || (key5 === "encoding"))){
const err69 = {instancePath:instancePath+"/uploader",schemaPath:"#/properties/uploader/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema11.properties.uploader,data:data35};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
if(data35.batchMaxPositions !== undefined){
let data36 = data35.batchMaxPositions;
if(!(((typeof data36 == "number") && (!(data36 % 1) && !isNaN(data36))) && (isFinite(data36)))){
const err70 = {instancePath:instancePath+"/uploader/batchMaxPositions",schemaPath:"#/properties/uploader/properties/batchMaxPositions/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema11.properties.uploader.properties.batchMaxPositions.type,parentSchema:schema11.properties.uploader.properties.batchMaxPositions,data:data36};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
if((typeof data36 == "number") && (isFinite(data36))){
if(data36 > 1000 || isNaN(data36)){
const err71 = {instancePath:instancePath+"/uploader/batchMaxPositions",schemaPath:"#/properties/uploader/properties/batchMaxPositions/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema11.properties.uploader.properties.batchMaxPositions,data:data36};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
if(data36 < 1 || isNaN(data36)){
const err72 = {instancePath:instancePath+"/uploader/batchMaxPositions",schemaPath:"#/properties/uploader/properties/batchMaxPositions/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema11.properties.uploader.properties.batchMaxPositions,data:data36};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
}
if(data35.intervalMs !== undefined){
let data37 = data35.intervalMs;
if((typeof data37 == "number") && (isFinite(data37))){
if(data37 <= 0 || isNaN(data37)){
const err73 = {instancePath:instancePath+"/uploader/intervalMs",schemaPath:"#/properties/uploader/properties/intervalMs/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema11.properties.uploader.properties.intervalMs,data:data37};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
else {
const err74 = {instancePath:instancePath+"/uploader/intervalMs",schemaPath:"#/properties/uploader/properties/intervalMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.uploader.properties.intervalMs.type,parentSchema:schema11.properties.uploader.properties.intervalMs,data:data37};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
if(data35.requestTimeoutMs !== undefined){
let data38 = data35.requestTimeoutMs;
if((typeof data38 == "number") && (isFinite(data38))){
if(data38 <= 0 || isNaN(data38)){
const err75 = {instancePath:instancePath+"/uploader/requestTimeoutMs",schemaPath:"#/properties/uploader/properties/requestTimeoutMs/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema11.properties.uploader.properties.requestTimeoutMs,data:data38};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
else {
const err76 = {instancePath:instancePath+"/uploader/requestTimeoutMs",schemaPath:"#/properties/uploader/properties/requestTimeoutMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.uploader.properties.requestTimeoutMs.type,parentSchema:schema11.properties.uploader.properties.requestTimeoutMs,data:data38};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
if(data35.backoffInitialMs !== undefined){
let data39 = data35.backoffInitialMs;
if((typeof data39 == "number") && (isFinite(data39))){
if(data39 <= 0 || isNaN(data39)){
const err77 = {instancePath:instancePath+"/uploader/backoffInitialMs",schemaPath:"#/properties/uploader/properties/backoffInitialMs/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema11.properties.uploader.properties.backoffInitialMs,data:data39};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
else {
const err78 = {instancePath:instancePath+"/uploader/backoffInitialMs",schemaPath:"#/properties/uploader/properties/backoffInitialMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.uploader.properties.backoffInitialMs.type,parentSchema:schema11.properties.uploader.properties.backoffInitialMs,data:data39};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
if(data35.backoffMaxMs !== undefined){
let data40 = data35.backoffMaxMs;
if((typeof data40 == "number") && (isFinite(data40))){
if(data40 <= 0 || isNaN(data40)){
const err79 = {instancePath:instancePath+"/uploader/backoffMaxMs",schemaPath:"#/properties/uploader/properties/backoffMaxMs/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema11.properties.uploader.properties.backoffMaxMs,data:data40};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
else {
const err80 = {instancePath:instancePath+"/uploader/backoffMaxMs",schemaPath:"#/properties/uploader/properties/backoffMaxMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.uploader.properties.backoffMaxMs.type,parentSchema:schema11.properties.uploader.properties.backoffMaxMs,data:data40};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
if(data35.authBackoffMs !== undefined){
let data41 = data35.authBackoffMs;
if((typeof data41 == "number") && (isFinite(data41))){
if(data41 <= 0 || isNaN(data41)){
const err81 = {instancePath:instancePath+"/uploader/authBackoffMs",schemaPath:"#/properties/uploader/properties/authBackoffMs/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema11.properties.uploader.properties.authBackoffMs,data:data41};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
else {
const err82 = {instancePath:instancePath+"/uploader/authBackoffMs",schemaPath:"#/properties/uploader/properties/authBackoffMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.uploader.properties.authBackoffMs.type,parentSchema:schema11.properties.uploader.properties.authBackoffMs,data:data41};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
if(data35.maxRetryAfterMs !== undefined){
let data42 = data35.maxRetryAfterMs;
if((typeof data42 == "number") && (isFinite(data42))){
if(data42 < 0 || isNaN(data42)){
const err83 = {instancePath:instancePath+"/uploader/maxRetryAfterMs",schemaPath:"#/properties/uploader/properties/maxRetryAfterMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema11.properties.uploader.properties.maxRetryAfterMs,data:data42};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
else {
const err84 = {instancePath:instancePath+"/uploader/maxRetryAfterMs",schemaPath:"#/properties/uploader/properties/maxRetryAfterMs/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema11.properties.uploader.properties.maxRetryAfterMs.type,parentSchema:schema11.properties.uploader.properties.maxRetryAfterMs,data:data42};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
if(data35.encoding !== undefined){
let data43 = data35.encoding;
if(typeof data43 !== "string"){
const err85 = {instancePath:instancePath+"/uploader/encoding",schemaPath:"#/properties/uploader/properties/encoding/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema11.properties.uploader.properties.encoding.type,parentSchema:schema11.properties.uploader.properties.encoding,data:data43};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
if(!((data43 === "binary") || (data43 === "json"))){
const err86 = {instancePath:instancePath+"/uploader/encoding",schemaPath:"#/properties/uploader/properties/encoding/enum",keyword:"enum",params:{allowedValues: schema11.properties.uploader.properties.encoding.enum},message:"must be equal to one of the allowed values",schema:schema11.properties.uploader.properties.encoding.enum,parentSchema:schema11.properties.uploader.properties.encoding,data:data43};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
}
}
else {
const err87 = {instancePath:instancePath+"/uploader",schemaPath:"#/properties/uploader/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.properties.uploader.type,parentSchema:schema11.properties.uploader,data:data35};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
}
}
else {
const err88 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema11.type,parentSchema:schema11,data};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}

export const validateDiagSettings = validate11;
const schema12 = {"type":"object","additionalProperties":false,"properties":{"db":{"type":"string","minLength":1},"statusFile":{"type":"string","minLength":1},"gateway":{"type":"string","minLength":1},"timeoutMs":{"type":"integer","minimum":1},"json":{"type":"boolean"}}};

function validate11(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(((((key0 === "db") || (key0 === "statusFile")) || (key0 === "gateway")) || (key0 === "timeoutMs")) || (key0 === "json"))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.db !== undefined){
let data0 = data.db;
if(typeof data0 === "string"){
if(data0.length < 1){
const err1 = {instancePath:instancePath+"/db",schemaPath:"#/properties/db/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema12.properties.db,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath:instancePath+"/db",schemaPath:"#/properties/db/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.db.type,parentSchema:schema12.properties.db,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.statusFile !== undefined){
let data1 = data.statusFile;
if(typeof data1 === "string"){
if(data1.length < 1){
const err3 = {instancePath:instancePath+"/statusFile",schemaPath:"#/properties/statusFile/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema12.properties.statusFile,data:data1};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/statusFile",schemaPath:"#/properties/statusFile/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.statusFile.type,parentSchema:schema12.properties.statusFile,data:data1};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.gateway !== undefined){
let data2 = data.gateway;
if(typeof data2 === "string"){
if(data2.length < 1){
const err5 = {instancePath:instancePath+"/gateway",schemaPath:"#/properties/gateway/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema12.properties.gateway,data:data2};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/gateway",schemaPath:"#/properties/gateway/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema12.properties.gateway.type,parentSchema:schema12.properties.gateway,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.timeoutMs !== undefined){
let data3 = data.timeoutMs;
if(!(((typeof data3 == "number") && (!(data3 % 1) && !isNaN(data3))) && (isFinite(data3)))){
const err7 = {instancePath:instancePath+"/timeoutMs",schemaPath:"#/properties/timeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema12.properties.timeoutMs.type,parentSchema:schema12.properties.timeoutMs,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if((typeof data3 == "number") && (isFinite(data3))){
if(data3 < 1 || isNaN(data3)){
const err8 = {instancePath:instancePath+"/timeoutMs",schemaPath:"#/properties/timeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema12.properties.timeoutMs,data:data3};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
if(data.json !== undefined){
let data4 = data.json;
if(typeof data4 !== "boolean"){
const err9 = {instancePath:instancePath+"/json",schemaPath:"#/properties/json/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema12.properties.json.type,parentSchema:schema12.properties.json,data:data4};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
else {
const err10 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema12.type,parentSchema:schema12,data};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
validate11.errors = vErrors;
return errors === 0;
}

